package org.unet4j.experiments.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.unet4j.autodiff.Device;

/**
 * The devices an experiment can run on, by the names {@code --device} and {@link RunOptions#device()} accept:
 * {@code cpu} (the host), {@code opencl} (the best OpenCL device), {@code opencl:N} (OpenCL device N, as
 * {@code ./unet4j devices} numbers them) and {@code auto} (the best OpenCL device, else the host). The OpenCL backend
 * ({@link org.unet4j.autodiff.opencl.Devices}) finds and creates the devices; this class checks a name up front, so
 * a run that cannot get its device fails before any work with the names that would work.
 *
 * <p>Only a well-formed name other than {@code cpu} looks for OpenCL devices, so a host run (and a misspelt name)
 * never loads an OpenCL runtime.
 */
public final class Devices {
    /** The host CPU, computed by the multithreaded CPU backend. */
    public static final String CPU = Device.CPU.name();
    /** The best OpenCL device when there is one, else the host. */
    public static final String AUTO = "auto";
    /** The best OpenCL device. */
    public static final String OPENCL = "opencl";

    private static final Pattern NAME = Pattern.compile("cpu|auto|opencl(:\\d+)?");

    private Devices() {
    }

    /** The names of the devices experiments can use on this machine: cpu, the OpenCL ones if any, auto. */
    public static List<String> available() {
        List<String> names = new ArrayList<>(List.of(CPU));
        if (org.unet4j.autodiff.opencl.Devices.openClAvailable()) {
            names.add(OPENCL);
            org.unet4j.autodiff.opencl.Devices.list().stream()
                    .map(org.unet4j.autodiff.opencl.Devices.Info::name)
                    .filter(name -> !name.equals(CPU))
                    .forEach(names::add);
        }
        names.add(AUTO);
        return names;
    }

    /**
     * The device named {@code name} (any case).
     *
     * @throws IllegalArgumentException for a name that is not a device name, or one of a device this machine lacks
     *                                  (e.g. {@code opencl} without an OpenCL driver), naming the available devices
     */
    public static Device byName(String name) {
        String choice = name.trim().toLowerCase(Locale.ROOT);
        if (choice.equals(CPU)) {
            return Device.CPU;
        }
        if (!NAME.matcher(choice).matches()) {
            throw new IllegalArgumentException("unknown device '" + name + "'; devices are named cpu, opencl (the best"
                    + " OpenCL device), opencl:N (OpenCL device N) or auto (the best OpenCL device, else cpu); "
                    + "./unet4j devices lists this machine's");
        }
        List<String> available = available();
        if (!available.contains(choice)) {
            throw new IllegalArgumentException("device '" + name + "' is not available: "
                    + (available.contains(OPENCL) ? "there is no OpenCL device " + choice
                            : "no OpenCL device was found (install an OpenCL driver, e.g. Debian's pocl-opencl-icd, for"
                                    + " one on the CPU)")
                    + "; the available devices are: " + String.join(", ", available)
                    + " (./unet4j devices describes them)");
        }
        return org.unet4j.autodiff.opencl.Devices.named(choice);
    }
}
