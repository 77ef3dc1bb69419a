package org.unet4j.autodiff;

/**
 * A device as {@link Device#list()} reports it.
 *
 * @param name        the name {@link Device#named} accepts, e.g. {@code cpu} or {@code opencl:0}
 * @param kind        what it is, e.g. {@code host} or {@code OpenCL GPU}
 * @param description one line: hardware, compute units, memory
 * @param problem     why the device cannot compute (e.g. its kernel does not compile), or null when it can
 */
public record DeviceInfo(String name, String kind, String description, String problem) {

    /** Whether ops can run on the device. */
    public boolean usable() {
        return problem == null;
    }

    /** {@code name  kind  description  status}. */
    @Override
    public String toString() {
        return name + "  " + kind + "  " + description + "  " + (usable() ? "ready" : "UNUSABLE: " + problem);
    }
}
