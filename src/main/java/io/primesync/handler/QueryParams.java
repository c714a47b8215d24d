package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.primesync.http.ApiException;
import io.primesync.http.Requests;

/** The query parameters the listing routes share, each checked with a message that says what is accepted. */
final class QueryParams {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;

    private QueryParams() {}

    static int limit(APIGatewayProxyRequestEvent event) {
        String value = Requests.query(event, "limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (!value.matches("[0-9]{1,3}")) {
            throw ApiException.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    static boolean bool(APIGatewayProxyRequestEvent event, String name) {
        String value = Requests.query(event, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.invalidField(name, "must be 'true' or 'false'");
    }
}
