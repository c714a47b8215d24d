package io.primesync.service;

/** What the import asks of Procore before it accepts: whether the job's project is there. */
public interface ProjectDirectory {
    /**
     * @throws io.primesync.procore.ProcoreException when Procore cannot say
     */
    boolean exists(String companyId, String projectId);
}
