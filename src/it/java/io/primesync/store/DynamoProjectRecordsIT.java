package io.primesync.store;

import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Stores;
import java.time.Clock;

/** The DynamoDB store (on dynalite, or AWS_ENDPOINT_URL_DYNAMODB) held to the contract the fast tests rely on. */
class DynamoProjectRecordsIT extends ProjectRecordsContract {
    @Override
    protected Stores stores() {
        return Stores.dynamo(LocalDynamo.get().table(), Clock.systemUTC());
    }

    @Override
    protected String newCompany() {
        return LocalDynamo.newCompanyId();
    }
}
