package io.primesync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.math.BigDecimal;

/** A Spectrum snapshot as the webhook carries it; the contract amount is the sum of the lines unless set. */
public final class Snapshot {
    private final String contractId;
    private final String jobNumber;
    private final long erpVersion;
    private String title;
    private String status = "approved";
    private String amount;
    private final ArrayNode lines = Json.MAPPER.createArrayNode();

    public static Snapshot snapshot(String contractId, String jobNumber, long erpVersion) {
        return new Snapshot(contractId, jobNumber, erpVersion);
    }

    Snapshot(String contractId, String jobNumber, long erpVersion) {
        this.contractId = contractId;
        this.jobNumber = jobNumber;
        this.erpVersion = erpVersion;
        this.title = "Prime contract " + contractId;
    }

    public Snapshot title(String value) {
        title = value;
        return this;
    }

    public Snapshot status(String value) {
        status = value;
        return this;
    }

    public Snapshot amount(String value) {
        amount = value;
        return this;
    }

    public Snapshot lump(String itemCode, String amount) {
        return lump(itemCode, "Work " + itemCode, amount);
    }

    public Snapshot lump(String itemCode, String description, String amount) {
        lines.addObject().put("itemCode", itemCode).put("description", description).put("amount", amount);
        return this;
    }

    public Snapshot unit(String itemCode, String description, String quantity, String unitOfMeasure,
            String unitPrice, String amount) {
        lines.addObject().put("itemCode", itemCode).put("description", description).put("amount", amount)
                .put("quantity", quantity).put("unitOfMeasure", unitOfMeasure).put("unitPrice", unitPrice);
        return this;
    }

    public String contractId() {
        return contractId;
    }

    public String jobNumber() {
        return jobNumber;
    }

    public String total() {
        if (amount != null) {
            return amount;
        }
        BigDecimal sum = new BigDecimal("0.00");
        for (JsonNode line : lines) {
            sum = sum.add(new BigDecimal(line.get("amount").asText()));
        }
        return sum.toPlainString();
    }

    public ObjectNode json() {
        ObjectNode data = Json.object();
        data.put("contractId", contractId);
        data.put("jobNumber", jobNumber);
        data.put("title", title);
        data.put("status", status);
        data.put("erpVersion", erpVersion);
        data.put("originalContractAmount", total());
        data.set("lineItems", lines.deepCopy());
        return data;
    }
}
