package org.unet4j.autodiff;

import org.unet4j.autodiff.cpu.CpuBackend;

/**
 * Where a tensor's data lives and which {@link Backend} computes on it. Ops on tensors of different devices fail;
 * moving data is explicit ({@link Tensor#to(Device)}).
 */
public final class Device {
    /** The host: Java arrays, computed by the multithreaded CPU backend. */
    public static final Device CPU = new Device("cpu", CpuBackend.instance());

    private final String name;
    private final Backend backend;

    /** A device served by {@code backend}; backends such as OpenCL create their own devices. */
    public Device(String name, Backend backend) {
        this.name = name;
        this.backend = backend;
    }

    /** The backend that runs every op on this device. */
    public Backend backend() {
        return backend;
    }

    /** Short name, e.g. {@code cpu}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
