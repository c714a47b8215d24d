package io.primesync.auth;

import io.primesync.domain.Caller;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;

/** Checks a user's bearer token and says who the caller is and what the token grants. */
public interface TokenVerifier {
    /**
     * @param authorizationHeaderValue the whole {@code Authorization} header value, or null when absent
     * @throws ApiException {@link ErrorCode#UNAUTHORIZED} when the header is missing, not a Bearer token,
     *     malformed, badly signed, signed with another algorithm, expired, or its claims are malformed
     */
    Caller verify(String authorizationHeaderValue);
}
