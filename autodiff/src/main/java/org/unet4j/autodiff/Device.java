package org.unet4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Where a tensor's data lives and which {@link Backend} computes on it, and the default device on which tensor
 * factories create their tensors. Ops on tensors of different devices fail; moving data is explicit
 * ({@link Tensor#to(Device)}).
 *
 * <pre>{@code
 * Device.setDefault(d);                 // Tensor.zeros/ones/randn/of/..., and so module parameters, land on d
 * Tensor v = Device.withDefault(Device.CPU, () -> Tensor.randn(rng, DType.FLOAT64, 3, 4));   // this thread only
 * }</pre>
 *
 * <p>The default device is what {@link #setDefault} last set, else the device named by {@code -Dunet4j.device} or
 * {@code UNET4J_DEVICE} ({@link #configuredName()}), resolved once, on first use. It is one setting for every
 * thread, which {@link #withDefault} overrides on one thread for the length of a computation (host-only float64 work
 * such as {@link GradCheck} runs that way). Tensor factories create their tensors there, except
 * {@link Tensor#wrap(float[], int...)}, which wraps a Java array and so is always on the host. A factory call fails
 * while the default device cannot hold its dtype, naming the fix.
 *
 * <p>Why the names other than {@code cpu} are resolved through a {@link DeviceResolver}: the devices of other
 * backends (OpenCL) are found and created by those backends, and the core must not depend on them. The core
 * resolves {@code cpu} itself, so a host run never loads another backend or its native runtime.
 */
public final class Device {
    /** The environment variable naming the default device: {@code cpu}, {@code opencl} or {@code auto}. */
    public static final String ENVIRONMENT_VARIABLE = "UNET4J_DEVICE";
    /** The system property that overrides {@link #ENVIRONMENT_VARIABLE}. */
    public static final String PROPERTY = "unet4j.device";

    /** The host: Java arrays, computed by the multithreaded CPU backend. */
    public static final Device CPU = new Device("cpu", hostBackend());

    private static final ThreadLocal<Device> SCOPED_DEFAULT = new ThreadLocal<>();
    private static volatile Device globalDefault;

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

    // ---------------------------------------------------------------- the default device

    /**
     * The device on which tensor factories create tensors: inside {@link #withDefault} on this thread its device,
     * else the one {@link #setDefault} set, else the one {@link #configuredName()} names, resolved on the first call
     * by {@link #named} (so {@code -Dunet4j.device=opencl} without an OpenCL device fails there, naming the fix).
     */
    public static Device defaultDevice() {
        Device scoped = SCOPED_DEFAULT.get();
        if (scoped != null) {
            return scoped;
        }
        Device chosen = globalDefault;
        if (chosen == null) {
            synchronized (Device.class) {
                if (globalDefault == null) {
                    globalDefault = named(configuredName());
                }
                chosen = globalDefault;
            }
        }
        return chosen;
    }

    /** Makes {@code device} the default for every thread, replacing any earlier choice or environment setting. */
    public static void setDefault(Device device) {
        globalDefault = requireDevice(device);
    }

    /**
     * Runs {@code work} with {@code device} as the default device of this thread (other threads keep theirs), and
     * restores the previous one afterwards, also when {@code work} throws.
     */
    public static <T> T withDefault(Device device, Supplier<T> work) {
        Device previous = SCOPED_DEFAULT.get();
        SCOPED_DEFAULT.set(requireDevice(device));
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
     * The default device name the environment sets: the system property {@value #PROPERTY}, else the environment
     * variable {@value #ENVIRONMENT_VARIABLE}, else {@code cpu}.
     */
    public static String configuredName() {
        String choice = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
        return choice == null || choice.isBlank() ? "cpu" : choice;
    }

    /**
     * The default device, checked to hold {@code dtype}.
     *
     * @param factory the factory asking, named in the message
     * @throws UnsupportedOperationException when the default device cannot hold {@code dtype}
     */
    static Device defaultFor(DType dtype, String factory) {
        Device device = defaultDevice();
        if (!device.backend().supports(dtype)) {
            throw new UnsupportedOperationException(factory + ": the default device " + device + " cannot hold "
                    + dtype + " tensors (its backend computes in " + supported(device) + " only); create host "
                    + "tensors with Tensor.wrap or move them with to(Device.CPU), or make the host the default with "
                    + "Device.setDefault(Device.CPU) (or " + PROPERTY + "=cpu, " + ENVIRONMENT_VARIABLE + "=cpu)");
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

    private static Device requireDevice(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("the default device must not be null; use Device.CPU for the host");
        }
        return device;
    }

    // ---------------------------------------------------------------- device names

    /**
     * The device named {@code choice} (any case, maybe padded), the one parser of device names:
     * <ul>
     *   <li>{@code cpu}: the host, {@link #CPU};</li>
     *   <li>{@code F} for a backend family F (e.g. {@code opencl}): that backend's best device;</li>
     *   <li>{@code F:N}: device N of the family, as {@link #list()} numbers them;</li>
     *   <li>{@code auto}: the best device of the first family that has one, else the host; when that device cannot
     *       compute (its kernel does not compile) the host, after a notice on standard error naming the reason.</li>
     * </ul>
     * Families other than the host's come from the {@link DeviceResolver}s registered as services; naming only
     * {@code cpu} loads none of them.
     *
     * @throws IllegalArgumentException for a name that is not a device name, or one of a device this machine lacks,
     *                                  naming the devices there are
     * @throws IllegalStateException    for a device that is present but cannot compute, naming the reason
     */
    public static Device named(String choice) {
        if (choice != null && choice.trim().equalsIgnoreCase(CPU.name)) {
            return CPU;
        }
        return named(choice, resolvers());
    }

    /** {@link #named(String)} with the given resolvers instead of the registered ones. */
    static Device named(String choice, List<DeviceResolver> resolvers) {
        if (choice == null) {
            throw new IllegalArgumentException("the device name must not be null; use cpu, auto or a backend's name");
        }
        String c = choice.trim().toLowerCase(Locale.ROOT);
        if (c.equals(CPU.name)) {
            return CPU;
        }
        if (c.equals("auto")) {
            return auto(resolvers);
        }
        int colon = c.indexOf(':');
        String family = colon < 0 ? c : c.substring(0, colon);
        for (DeviceResolver resolver : resolvers) {
            if (!resolver.family().equals(family)) {
                continue;
            }
            if (colon < 0) {
                int best = resolver.bestIndex();
                if (best < 0) {
                    throw notAvailable(choice, "no " + family + " device was found" + installHint(family), resolvers);
                }
                return resolver.device(best);
            }
            int index;
            try {
                index = Integer.parseInt(c.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + choice + "': the index after " + family
                        + ": must be a number, as in " + family + ":0");
            }
            int count = resolver.devices().size();
            if (index < 0 || index >= count) {
                throw notAvailable(choice, count == 0 ? "no " + family + " device was found" + installHint(family)
                        : "there is no " + family + " device " + c, resolvers);
            }
            return resolver.device(index);
        }
        StringBuilder names = new StringBuilder("cpu");
        for (DeviceResolver resolver : resolvers) {
            String f = resolver.family();
            names.append(", ").append(f).append(" (the best ").append(f).append(" device), ").append(f)
                    .append(":N (").append(f).append(" device N)");
        }
        String missing = c.startsWith("opencl") && resolvers.stream().noneMatch(r -> r.family().equals("opencl"))
                ? " (the OpenCL backend, module autodiff-opencl, is not on the class path)" : "";
        throw new IllegalArgumentException("unknown device '" + choice + "'" + missing + "; devices are named "
                + names + " or auto (the best device found, else cpu); ./unet4j devices lists this machine's");
    }

    /** The first family's best device if it computes, else the host, with a notice when a device was unusable. */
    private static Device auto(List<DeviceResolver> resolvers) {
        for (DeviceResolver resolver : resolvers) {
            int best = resolver.bestIndex();
            if (best < 0) {
                continue;
            }
            try {
                return resolver.device(best);
            } catch (IllegalStateException e) {
                System.err.println("unet4j: NOTICE: device auto: " + resolver.family() + ":" + best
                        + " cannot compute (" + e.getMessage() + "); computing on cpu instead");
            }
        }
        return CPU;
    }

    /**
     * The host and every device of every registered backend, each with its status ({@link DeviceInfo#usable()}):
     * a device whose kernel does not compile is listed with the reason instead of failing the listing.
     */
    public static List<DeviceInfo> list() {
        return list(resolvers());
    }

    static List<DeviceInfo> list(List<DeviceResolver> resolvers) {
        List<DeviceInfo> all = new ArrayList<>();
        all.add(new DeviceInfo(CPU.name, "host", Runtime.getRuntime().availableProcessors() + " processors, Java "
                + "backend", null));
        for (DeviceResolver resolver : resolvers) {
            all.addAll(resolver.devices());
        }
        return all;
    }

    private static IllegalArgumentException notAvailable(String choice, String reason,
            List<DeviceResolver> resolvers) {
        List<String> available = new ArrayList<>();
        for (DeviceInfo info : list(resolvers)) {
            if (info.usable()) {
                available.add(info.name());
            }
        }
        available.add("auto");
        return new IllegalArgumentException("device '" + choice + "' is not available: " + reason
                + "; the available devices are: " + String.join(", ", available) + " (./unet4j devices describes "
                + "them)");
    }

    private static String installHint(String family) {
        return family.equals("opencl") ? " (install an OpenCL driver, e.g. Debian's pocl-opencl-icd, for one on the "
                + "CPU)" : "";
    }

    /** The CPU backend, through its {@link HostBackendProvider} service (so this package does not import it). */
    private static Backend hostBackend() {
        return ServiceLoader.load(HostBackendProvider.class, HostBackendProvider.class.getClassLoader()).findFirst()
                .map(HostBackendProvider::hostBackend)
                .orElseThrow(() -> new IllegalStateException("no host backend: META-INF/services/"
                        + HostBackendProvider.class.getName() + " of the autodiff module is missing (a jar repackaged "
                        + "without its service files loses it); keep that file"));
    }

    /** The registered resolvers, in class-path order. */
    private static List<DeviceResolver> resolvers() {
        List<DeviceResolver> found = new ArrayList<>();
        ServiceLoader.load(DeviceResolver.class, DeviceResolver.class.getClassLoader()).forEach(found::add);
        return found;
    }
}
