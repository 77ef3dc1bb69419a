package org.unet4j.autodiff.opencl;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.unet4j.autodiff.Device;

/**
 * Finding and choosing devices: the host ({@link Device#CPU}) and every OpenCL device Aparapi can see.
 *
 * <pre>{@code
 * Devices.list();                     // [cpu (host, ...), opencl:0 (pthread-..., CPU)]
 * Device d = Devices.best();          // best GPU, else an OpenCL CPU device, else Device.CPU
 * Tensor y = x.to(d).relu();          // moving data is explicit
 * Devices.fromEnvironment();          // UNET4J_DEVICE=cpu|opencl|auto (or -Dunet4j.device=...), default cpu
 * Device.setDefault(d);               // Tensor.zeros/ones/randn/of/..., and so module parameters, land on d
 * }</pre>
 *
 * <p>The default device itself is kept by {@link Device#defaultDevice()}; for a name other than {@code cpu} it
 * resolves through {@link OpenClDeviceResolver}, that is through {@link #named}.
 *
 * <p>OpenCL devices are numbered in platform order; each gets one backend, compiled on first use and then kept.
 */
public final class Devices {
    /** A device as listed: its name ({@code cpu}, {@code opencl:N}), kind, and a one-line description. */
    public record Info(String name, String kind, String description) {
        @Override
        public String toString() {
            return name + "  " + kind + "  " + description;
        }
    }

    private static List<OpenCLDevice> found;
    private static OpenClBackend[] backends;

    private Devices() {
    }

    /** Whether an OpenCL runtime with at least one device is present. */
    public static boolean openClAvailable() {
        return !openClDevices().isEmpty();
    }

    /** The host and every OpenCL device. */
    public static List<Info> list() {
        List<Info> all = new ArrayList<>();
        all.add(new Info("cpu", "host", Runtime.getRuntime().availableProcessors() + " threads, Java backend"));
        List<OpenCLDevice> devices = openClDevices();
        for (int i = 0; i < devices.size(); i++) {
            OpenCLDevice d = devices.get(i);
            all.add(new Info("opencl:" + i, "OpenCL " + d.getType(), d.getName().trim() + " on "
                    + d.getOpenCLPlatform().getName().trim() + ", " + d.getMaxComputeUnits() + " compute units, "
                    + d.getGlobalMemSize() / (1 << 20) + " MiB"));
        }
        return all;
    }

    /** OpenCL device {@code index} in {@link #list()} order. */
    public static synchronized Device opencl(int index) {
        List<OpenCLDevice> devices = openClDevices();
        if (index < 0 || index >= devices.size()) {
            throw new IllegalArgumentException("no OpenCL device opencl:" + index + "; " + devices.size()
                    + " found (install an OpenCL driver, e.g. Debian's pocl-opencl-icd, for a CPU device)");
        }
        if (backends[index] == null) {
            backends[index] = new OpenClBackend(devices.get(index), "opencl:" + index);
        }
        return backends[index].device();
    }

    /** The best OpenCL device: a GPU (most compute units) if any, else any other OpenCL device. */
    public static Device opencl() {
        int best = bestOpenClIndex();
        if (best < 0) {
            throw new IllegalStateException("no OpenCL device found (install an OpenCL driver, e.g. Debian's "
                    + "pocl-opencl-icd, for a CPU device); use Device.CPU or Devices.best()");
        }
        return opencl(best);
    }

    /** The best GPU, else an OpenCL CPU device, else {@link Device#CPU}. */
    public static Device best() {
        return bestOpenClIndex() < 0 ? Device.CPU : opencl(bestOpenClIndex());
    }

    /**
     * The device named by {@code -Dunet4j.device} or {@code UNET4J_DEVICE} ({@link Device#configuredName()}):
     * {@code cpu} (the default), {@code opencl} (fails without an OpenCL device) or {@code auto} ({@link #best()}).
     */
    public static Device fromEnvironment() {
        return named(Device.configuredName());
    }

    /** The device for {@code cpu}, {@code opencl}, {@code opencl:N} or {@code auto}. */
    public static Device named(String choice) {
        String c = choice.trim().toLowerCase(Locale.ROOT);
        if (c.equals("cpu")) {
            return Device.CPU;
        }
        if (c.equals("auto")) {
            return best();
        }
        if (c.equals("opencl")) {
            return opencl();
        }
        if (c.startsWith("opencl:")) {
            try {
                return opencl(Integer.parseInt(c.substring("opencl:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + choice + "': the index after opencl: must be a number");
            }
        }
        throw new IllegalArgumentException("unknown device '" + choice + "' (from " + Device.PROPERTY + " or "
                + Device.ENVIRONMENT_VARIABLE + "); choose cpu, opencl, opencl:N or auto");
    }

    private static int bestOpenClIndex() {
        List<OpenCLDevice> devices = openClDevices();
        Comparator<OpenCLDevice> order = Comparator
                .comparing((OpenCLDevice d) -> d.getType() == com.aparapi.device.Device.TYPE.GPU)
                .thenComparingInt(OpenCLDevice::getMaxComputeUnits);
        int best = -1;
        for (int i = 0; i < devices.size(); i++) {
            if (best < 0 || order.compare(devices.get(i), devices.get(best)) > 0) {
                best = i;
            }
        }
        return best;
    }

    private static synchronized List<OpenCLDevice> openClDevices() {
        if (found == null) {
            found = discover();
            backends = new OpenClBackend[found.size()];
        }
        return found;
    }

    /** Every device of every platform; none when the OpenCL loader or native library is missing. */
    private static List<OpenCLDevice> discover() {
        List<OpenCLDevice> devices = new ArrayList<>();
        try {
            if (!OpenCLLoader.isOpenCLAvailable()) {
                return devices;
            }
            for (OpenCLPlatform platform : OpenCLPlatform.getUncachedOpenCLPlatforms()) {
                devices.addAll(platform.getOpenCLDevices());
            }
        } catch (LinkageError e) {
            System.err.println("unet4j: the OpenCL runtime could not be loaded (" + e + "); only the CPU is used");
        }
        return List.copyOf(devices);
    }
}
