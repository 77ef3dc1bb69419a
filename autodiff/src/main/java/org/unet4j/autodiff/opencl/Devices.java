package org.unet4j.autodiff.opencl;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * Finding and choosing devices: the host ({@link Device#CPU}) and every OpenCL device Aparapi can see, and the
 * default device on which new tensors are created.
 *
 * <pre>{@code
 * Devices.list();                     // [cpu (host, ...), opencl:0 (pthread-..., CPU)]
 * Device d = Devices.best();          // best GPU, else an OpenCL CPU device, else Device.CPU
 * Tensor y = x.to(d).relu();          // moving data is explicit
 * Devices.fromEnvironment();          // UNET4J_DEVICE=cpu|opencl|auto (or -Dunet4j.device=...), default cpu
 * Devices.setDefault(d);              // Tensor.zeros/ones/randn/of/..., and so module parameters, land on d
 * }</pre>
 *
 * <p>The default device is what {@link #setDefault} last set, else {@link #fromEnvironment()} read once, on first
 * use; it is one setting for every thread, which {@link #withDefault} overrides on one thread for the length of a
 * computation (host-only float64 work such as {@code GradCheck} runs that way). Tensor factories create their
 * tensors there, except {@link Tensor#wrap(float[], int...)}, which wraps a Java array and so is always on the host.
 * A float64 factory call fails while the default device cannot hold float64 (an OpenCL device), naming the fix.
 *
 * <p>OpenCL devices are numbered in platform order; each gets one backend, compiled on first use and then kept.
 */
public final class Devices {
    /** The environment variable naming the device: {@code cpu}, {@code opencl} or {@code auto}. */
    public static final String ENVIRONMENT_VARIABLE = "UNET4J_DEVICE";
    /** The system property that overrides {@link #ENVIRONMENT_VARIABLE}. */
    public static final String PROPERTY = "unet4j.device";

    /** A device as listed: its name ({@code cpu}, {@code opencl:N}), kind, and a one-line description. */
    public record Info(String name, String kind, String description) {
        @Override
        public String toString() {
            return name + "  " + kind + "  " + description;
        }
    }

    private static final ThreadLocal<Device> SCOPED_DEFAULT = new ThreadLocal<>();

    private static List<OpenCLDevice> found;
    private static OpenClBackend[] backends;
    private static volatile Device defaultDevice;

    private Devices() {
    }

    /**
     * The device on which tensor factories create tensors: inside {@link #withDefault} on this thread its device,
     * else the one {@link #setDefault} set, else the one {@link #fromEnvironment()} names, resolved on the first call
     * (so {@code -Dunet4j.device=opencl} without an OpenCL device fails there, with the message of {@link #opencl()}).
     */
    public static Device defaultDevice() {
        Device scoped = SCOPED_DEFAULT.get();
        if (scoped != null) {
            return scoped;
        }
        Device chosen = defaultDevice;
        if (chosen == null) {
            synchronized (Devices.class) {
                if (defaultDevice == null) {
                    defaultDevice = fromEnvironment();
                }
                chosen = defaultDevice;
            }
        }
        return chosen;
    }

    /** Makes {@code device} the default for every thread, replacing any earlier choice or environment setting. */
    public static void setDefault(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("the default device must not be null; use Device.CPU for the host");
        }
        defaultDevice = device;
    }

    /**
     * Runs {@code work} with {@code device} as the default device of this thread (other threads keep theirs), and
     * restores the previous one afterwards, also when {@code work} throws.
     *
     * <pre>{@code
     * Tensor v = Devices.withDefault(Device.CPU, () -> Tensor.randn(rng, DType.FLOAT64, 3, 4));
     * }</pre>
     */
    public static <T> T withDefault(Device device, Supplier<T> work) {
        if (device == null) {
            throw new IllegalArgumentException("the default device must not be null; use Device.CPU for the host");
        }
        Device previous = SCOPED_DEFAULT.get();
        SCOPED_DEFAULT.set(device);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SCOPED_DEFAULT.remove();
            } else {
                SCOPED_DEFAULT.set(previous);
            }
        }
    }

    /**
     * The default device, checked to hold {@code dtype}.
     *
     * @param factory the factory asking, named in the message
     * @throws UnsupportedOperationException when the default device cannot hold {@code dtype}
     */
    public static Device defaultFor(DType dtype, String factory) {
        Device device = defaultDevice();
        if (!device.backend().supports(dtype)) {
            throw new UnsupportedOperationException(factory + ": the default device " + device + " cannot hold "
                    + dtype + " tensors (its backend computes in " + supported(device) + " only); create host "
                    + "tensors with Tensor.wrap or move them with to(Device.CPU), or make the host the default with "
                    + "Devices.setDefault(Device.CPU) (or " + PROPERTY + "=cpu, " + ENVIRONMENT_VARIABLE + "=cpu)");
        }
        return device;
    }

    private static String supported(Device device) {
        List<String> types = new ArrayList<>();
        for (DType t : DType.values()) {
            if (device.backend().supports(t)) {
                types.add(t.toString());
            }
        }
        return String.join(" and ", types);
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
     * The device named by {@code -Dunet4j.device} or {@code UNET4J_DEVICE}: {@code cpu} (the default),
     * {@code opencl} (fails without an OpenCL device) or {@code auto} ({@link #best()}).
     */
    public static Device fromEnvironment() {
        String choice = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
        return named(choice == null || choice.isBlank() ? "cpu" : choice);
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
        throw new IllegalArgumentException("unknown device '" + choice + "' (from " + PROPERTY + " or "
                + ENVIRONMENT_VARIABLE + "); choose cpu, opencl, opencl:N or auto");
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
