package org.unet4j.autodiff.opencl;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.DeviceInfo;

/**
 * The OpenCL devices Aparapi can see, numbered in platform order; each gets one backend, compiled on first use and
 * then kept (or, when its kernel does not compile, the reason, kept likewise).
 *
 * <pre>{@code
 * Devices.list();                     // [opencl:0  OpenCL CPU  pthread-... on Portable Computing Language, ...]
 * Device d = Devices.best();          // best GPU, else an OpenCL CPU device, else Device.CPU
 * Tensor y = x.to(d).relu();          // moving data is explicit
 * Device.named("opencl:0");           // device names are parsed by the core, which asks OpenClDeviceResolver
 * }</pre>
 */
public final class Devices {
    private static List<OpenCLDevice> found;
    private static OpenClBackend[] backends;
    private static IllegalStateException[] failures;

    private Devices() {
    }

    /** Whether an OpenCL runtime with at least one device is present. */
    public static boolean openClAvailable() {
        return !openClDevices().isEmpty();
    }

    /** Every OpenCL device with its status; listing one compiles its kernel, to tell whether it can compute. */
    public static List<DeviceInfo> list() {
        List<DeviceInfo> all = new ArrayList<>();
        List<OpenCLDevice> devices = openClDevices();
        for (int i = 0; i < devices.size(); i++) {
            OpenCLDevice d = devices.get(i);
            String problem = null;
            try {
                opencl(i);
            } catch (IllegalStateException e) {
                problem = e.getMessage();
            }
            all.add(new DeviceInfo("opencl:" + i, "OpenCL " + d.getType(), d.getName().trim() + " on "
                    + d.getOpenCLPlatform().getName().trim() + ", " + d.getMaxComputeUnits() + " compute units, "
                    + d.getGlobalMemSize() / (1 << 20) + " MiB", problem));
        }
        return all;
    }

    /**
     * OpenCL device {@code index} in {@link #list()} order, its float32 kernel compiled.
     *
     * @throws IllegalArgumentException when there is no such device
     * @throws IllegalStateException    when its kernel does not compile (the reason is kept, and given again on
     *                                  every later call)
     */
    public static synchronized Device opencl(int index) {
        List<OpenCLDevice> devices = openClDevices();
        if (index < 0 || index >= devices.size()) {
            throw new IllegalArgumentException("no OpenCL device opencl:" + index + "; " + devices.size()
                    + " found (install an OpenCL driver, e.g. Debian's pocl-opencl-icd, for a CPU device)");
        }
        if (failures[index] != null) {
            throw failures[index];
        }
        if (backends[index] == null) {
            try {
                backends[index] = new OpenClBackend(devices.get(index), "opencl:" + index);
            } catch (RuntimeException e) { // a KernelFallbackException, or whatever else a driver throws at compile
                failures[index] = new IllegalStateException("opencl:" + index + " cannot compute: "
                        + e.getMessage(), e);
                throw failures[index];
            }
        }
        return backends[index].device();
    }

    /** The Aparapi device of {@code opencl:index}, for tests that need a backend of their own on it. */
    static OpenCLDevice openClDevice(int index) {
        return openClDevices().get(index);
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

    /**
     * The best GPU, else an OpenCL CPU device, else {@link Device#CPU} (also when the best device's kernel does not
     * compile, with a notice): {@code Device.named("auto")}.
     */
    public static Device best() {
        return Device.named("auto");
    }

    /** The index of the best OpenCL device (a GPU with the most compute units first), or -1 when none. */
    static int bestOpenClIndex() {
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
            failures = new IllegalStateException[found.size()];
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
