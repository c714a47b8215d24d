package io.primesync.service;

/** Where an accepted sync waits for the worker that writes it to Procore (SQS in AWS). */
public interface SyncQueue {
    /**
     * Asks for the sync to be written. Sending one twice is harmless: the worker writes a sync under a lease, once.
     *
     * @param revision the head revision the sync's acceptance produced (where its item is)
     * @param delaySeconds how long the message waits before a worker may take it
     */
    void enqueue(String companyId, String contractId, String syncId, long revision, int delaySeconds);
}
