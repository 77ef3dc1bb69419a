package org.unet4j.experiments.api;

import java.util.ArrayList;
import java.util.List;

import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.DeviceInfo;

/**
 * The devices an experiment can run on, by the names {@code --device} and {@link RunOptions#device()} accept:
 * {@code cpu} (the host), {@code opencl} (the best OpenCL device), {@code opencl:N} (OpenCL device N, as
 * {@code ./unet4j devices} numbers them) and {@code auto} (the best OpenCL device that computes, else the host).
 * The names are parsed by {@link Device#named}, which asks the backends registered on the class path (the OpenCL one
 * comes from the autodiff-opencl module at run time); a run that cannot get its device fails before any work with
 * the names that would work. Naming {@code cpu} (or a misspelt name) never loads an OpenCL runtime.
 */
public final class Devices {
    /** The host CPU, computed by the multithreaded CPU backend. */
    public static final String CPU = Device.CPU.name();
    /** The best OpenCL device when there is one that computes, else the host. */
    public static final String AUTO = "auto";
    /** The best OpenCL device. */
    public static final String OPENCL = "opencl";

    private Devices() {
    }

    /**
     * The names of the devices experiments can use on this machine: cpu, then {@code opencl} and each usable OpenCL
     * device if there is one, then auto.
     */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (DeviceInfo info : Device.list()) {
            if (info.usable()) {
                if (names.size() == 1 && info.name().startsWith(OPENCL + ":")) {
                    names.add(OPENCL);
                }
                names.add(info.name());
            }
        }
        names.add(AUTO);
        return names;
    }

    /**
     * The device named {@code name} (any case): {@link Device#named}.
     *
     * @throws IllegalArgumentException for a name that is not a device name, or one of a device this machine lacks
     *                                  (e.g. {@code opencl} without an OpenCL driver), naming the available devices
     * @throws IllegalStateException    for a device that is present but cannot compute, naming the reason
     */
    public static Device byName(String name) {
        return Device.named(name);
    }
}
