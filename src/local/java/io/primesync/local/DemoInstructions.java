package io.primesync.local;

import static io.primesync.local.DemoData.APPROVED_CO;
import static io.primesync.local.DemoData.COMPANY;
import static io.primesync.local.DemoData.OTHER_COMPANY;
import static io.primesync.local.DemoData.READY_2;
import static io.primesync.local.DemoData.STAGED;
import static io.primesync.local.DemoData.contract;

import io.primesync.domain.SovLockSetting;
import io.primesync.http.Route;
import io.primesync.local.DemoLoader.Tokens;
import io.primesync.local.procore.ProcoreSimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code serve --demo} prints and leaves behind for trying the API on the demo: the demo users' tokens, as shell
 * exports in a file, and a walk through the API and the Procore simulator in curl lines.
 */
public final class DemoInstructions {
    /** Where serve --demo leaves the tokens as shell exports, so another terminal can {@code source} them. */
    public static final Path TOKEN_FILE = Path.of(".primesync", "demo-tokens.sh");
    /** Where what loading the demo logged goes: its requests and what the functions said while serving them. */
    public static final Path LOAD_LOG = Path.of(".primesync", "demo-load.log");

    private DemoInstructions() {}

    /**
     * Writes the tokens, the API's base URL and the Procore simulator's as shell exports; the file is readable by its
     * owner only.
     */
    public static Path writeTokenFile(URI base, URI procore, Tokens tokens) throws IOException {
        Files.createDirectories(TOKEN_FILE.getParent());
        String exports = String.join("\n",
                "# PrimeSync demo tokens (signed by the local identity provider, valid 30 days)",
                "export BASE='" + base + "'",
                "export API='" + base + Route.LIST.path(COMPANY) + "'",
                "export ADMIN='" + tokens.admin() + "'",
                "export VIEWER='" + tokens.readOnly() + "'",
                "export OTHER='" + tokens.otherCompany() + "'",
                "export PROCORE='" + procore + "'",
                "");
        Files.writeString(TOKEN_FILE, exports);
        try {
            Files.setPosixFilePermissions(TOKEN_FILE, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the tokens only open the local demo
        }
        return TOKEN_FILE;
    }

    /** What to paste into a shell to try the API on the demo. */
    public static String instructions(URI base, URI procore, URI spectrum, Tokens tokens) {
        String api = base + Route.LIST.path(COMPANY);
        return String.join("\n",
                "",
                "Demo company " + COMPANY + " is loaded. Tokens (valid 30 days), also in " + TOKEN_FILE
                        + " (run: source " + TOKEN_FILE + "):",
                "",
                "  export ADMIN='" + tokens.admin() + "'",
                "  export VIEWER='" + tokens.readOnly() + "'",
                "  export OTHER='" + tokens.otherCompany() + "'",
                "",
                "ADMIN is admin of company " + COMPANY + " and of every demo project; VIEWER can only read company "
                        + COMPANY + "; OTHER is admin of company " + OTHER_COMPANY + " only.",
                "",
                "List the synced contracts, each with its re-import status and every reason it is refused:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" '" + api + "?limit=100'",
                "The staged ones (never imported):",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" '" + api + "?status=staged'",
                "Preview what a re-import of " + READY_2 + " would change (the web page's walk takes " + DemoData.READY + "):",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + READY_2 + "/reimport-eligibility",
                "Re-import it: 202 with the sync, written to Procore by the worker; its Location is the sync's route"
                        + " (repeat with the same key: the first answer again, with Idempotent-Replayed: true):",
                "  SYNC=$(curl -s -o /dev/stderr -D - -X POST -H \"Authorization: Bearer $ADMIN\" -H 'Idempotency-Key:"
                        + " demo-1' " + api + "/" + READY_2 + "/reimport | sed -n 's/^location: //Ip' | tr -d '\\r')",
                "Its status and progress:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" \"" + base + "$SYNC\"",
                "What Procore holds (the simulator at " + procore + ", read as a Procore API client reads it):",
                "  PCTOKEN=$(curl -s -X POST " + procore + "/oauth/token -d grant_type=client_credentials -d client_id="
                        + ProcoreSimulator.CLIENT_ID + " -d client_secret="
                        + ProcoreSimulator.CLIENT_SECRET + " | jq -r .access_token)",
                "  curl -s -H \"Authorization: Bearer $PCTOKEN\" -H 'Procore-Company-Id: " + COMPANY + "' '" + procore
                        + "/rest/v1.0/prime_contracts?project_id=" + contract(READY_2).projectId() + "'",
                "Its history:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + READY_2 + "/history",
                "A refused re-import (409 with the reason APPROVED_CHANGE_ORDERS):",
                "  curl -s -X POST -H \"Authorization: Bearer $ADMIN\" " + api + "/" + APPROVED_CO + "/reimport",
                "A re-import refused up front by Procore's lock (PROCORE_SOV_LOCKED): the demo company keeps prime"
                        + " contracts out of Draft locked in project " + DemoData.LOCKED_PROJECT + " ("
                        + SovLockSetting.NAME + " " + DemoData.SETTINGS.get(SovLockSetting.NAME) + "), and Procore"
                        + " has " + DemoData.LOCKED + "'s Approved:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + DemoData.LOCKED + "/reimport-eligibility",
                "A line raised by hand in Procore (" + DemoData.EDITED_LINE + " of " + DemoData.EDITED + ", to "
                        + DemoData.EDITED_AMOUNT + "): the preview shows Procore's value going back to Spectrum's, marked"
                        + " \"procore\": {\"change\": \"changed\", ...}:",
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + DemoData.EDITED + "/reimport-eligibility",
                "Change a contract in the local Spectrum (at " + spectrum + ") as its screens would: "
                        + DemoData.IN_SYNC + "'s structural steel from 750,000.00 to 800,000.00; within one of the"
                        + " agent's periods it is ready to re-import, its preview showing that line:",
                "  curl -s -X PUT -d '" + inSyncChanged() + "' " + spectrum + "/_spectrum/companies/"
                        + DemoData.SPECTRUM_COMPANY + "/contracts/" + contract(DemoData.IN_SYNC).jobNumber() + "/"
                        + DemoData.CUSTOMER,
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + DemoData.IN_SYNC + "/reimport-eligibility",
                "The first import of the staged contract:",
                "  curl -s -X POST -H \"Authorization: Bearer $ADMIN\" " + api + "/" + STAGED + "/import",
                "Change something in Procore as a person, and watch the reasons change (Procore's webhook tells the"
                        + " product): the approved change order of " + APPROVED_CO + " back to pending:",
                "  PEOPLE=$(curl -s -X POST " + procore + "/oauth/token -d grant_type=client_credentials -d client_id="
                        + ProcoreSimulator.USER_CLIENT_ID + " -d client_secret="
                        + ProcoreSimulator.USER_CLIENT_SECRET + " | jq -r .access_token)",
                "  curl -s -X PATCH -H \"Authorization: Bearer $PEOPLE\" -H 'Procore-Company-Id: " + COMPANY
                        + "' -H 'Content-Type: application/json' -d '{\"change_order\": {\"status\": \"pending\"}}' "
                        + procore + "/rest/v1.0/projects/" + contract(APPROVED_CO).projectId() + "/prime_change_orders/"
                        + SampleEvents.DEMO_CHANGE_ORDER_ID,
                "  curl -s -H \"Authorization: Bearer $ADMIN\" " + api + "/" + APPROVED_CO + "/reimport-eligibility",
                "");
    }

    /**
     * The body of the local Spectrum's contract write that changes the in-sync demo contract: its lines as they are,
     * the last one raised by 50,000.00, and the contract's amount with it (saved in balance).
     */
    static String inSyncChanged() {
        List<String> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        List<DemoData.Line> lines = DemoData.lines(DemoData.IN_SYNC, DemoData.V1);
        for (int i = 0; i < lines.size(); i++) {
            DemoData.Line l = lines.get(i);
            String amount = i == lines.size() - 1
                    ? new BigDecimal(l.amount()).add(new BigDecimal("50000.00")).toPlainString()
                    : l.amount();
            total = total.add(new BigDecimal(amount));
            items.add("{\"code\": \"" + l.itemCode() + "\", \"description\": \"" + l.description() + "\", \"amount\": \""
                    + amount + "\"" + (l.quantity() == null ? "" : ", \"quantity\": \"" + l.quantity() + "\", \"unit\": \""
                    + l.unitOfMeasure() + "\", \"unitPrice\": \"" + l.unitPrice() + "\"") + "}");
        }
        return "{\"originalContract\": \"" + total.toPlainString() + "\", \"unitPricing\": true, \"items\": ["
                + String.join(", ", items) + "]}";
    }
}
