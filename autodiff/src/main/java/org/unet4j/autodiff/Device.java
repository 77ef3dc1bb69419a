package org.unet4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.unet4j.autodiff.cpu.CpuBackend;

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
    public static final Device CPU = new Device("cpu", CpuBackend.instance());

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
     * (so {@code -Dunet4j.device=opencl} without an OpenCL device fails there, with the resolver's message).
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
                    globalDefault = resolve(configuredName());
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

    /** {@code cpu} here; any other name through the first {@link DeviceResolver} on the class path. */
    private static Device resolve(String choice) {
        if (choice.trim().toLowerCase(Locale.ROOT).equals("cpu")) {
            return CPU;
        }
        DeviceResolver resolver = ServiceLoader.load(DeviceResolver.class, DeviceResolver.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("device '" + choice + "' (from " + PROPERTY + " or "
                        + ENVIRONMENT_VARIABLE + "): no DeviceResolver is registered to resolve names other than cpu "
                        + "(the OpenCL backend registers one in META-INF/services/" + DeviceResolver.class.getName()
                        + "; a jar repackaged without its service files loses it); choose cpu or keep that file"));
        return resolver.resolve(choice);
    }
}
