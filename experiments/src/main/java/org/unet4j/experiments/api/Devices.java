package org.unet4j.experiments.api;

import java.util.List;

import org.unet4j.autodiff.Device;

/** The devices an experiment can run on, by the names {@code --device} accepts. */
public final class Devices {
    /** The host CPU, computed by the multithreaded CPU backend. */
    public static final String CPU = Device.CPU.name();

    private Devices() {
    }

    /** The names of the devices experiments can use on this machine. */
    public static List<String> available() {
        return List.of(CPU);
    }

    /** The device named {@code name}, or an exception listing the available ones. */
    public static Device byName(String name) {
        if (CPU.equals(name)) {
            return Device.CPU;
        }
        throw new IllegalArgumentException("unknown or unavailable device '" + name + "'; the available devices are: "
                + String.join(", ", available()));
    }
}
