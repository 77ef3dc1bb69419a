package org.unet4j.autodiff.opencl;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.unet4j.autodiff.DType;

/**
 * The {@link DeviceProgram}s of one OpenCL device, one per element type, each with its own kernel and arena:
 * float32 is compiled with the backend, float64 on the first float64 tensor, and only where its kernel compiles.
 *
 * <p>Whether a device computes in float64 is Aparapi's decision: it enables {@code cl_khr_fp64} in a kernel with
 * {@code double} fields and refuses to compile that kernel ("FP64 required but not supported") on a device whose
 * extensions do not list it, while {@code OpenCLDevice} offers no extension list to ask beforehand. So the float64
 * kernel is compiled on demand, and its outcome, a program or the reason there is none, is kept.
 */
final class DevicePrograms {
    private final Function<DType, DeviceProgram> compiler;
    private final Map<DType, DeviceProgram> programs = new EnumMap<>(DType.class);
    private final Map<DType, KernelFallbackException> failures = new EnumMap<>(DType.class);

    /**
     * Programs made by {@code compiler}, which throws a {@link KernelFallbackException} for a type the device cannot
     * compute in; the float32 program is compiled now.
     *
     * @throws KernelFallbackException if the float32 kernel does not compile on the device
     */
    DevicePrograms(Function<DType, DeviceProgram> compiler) {
        this.compiler = compiler;
        programs.put(DType.FLOAT32, compiler.apply(DType.FLOAT32));
    }

    /** The program computing in {@code dtype}, compiled on first use, or null when its kernel cannot compile. */
    synchronized DeviceProgram find(DType dtype) {
        if (!programs.containsKey(dtype) && !failures.containsKey(dtype)) {
            try {
                programs.put(dtype, compiler.apply(dtype));
            } catch (KernelFallbackException e) {
                failures.put(dtype, e);
            }
        }
        return programs.get(dtype);
    }

    /** The program computing in {@code dtype} if it is compiled already, else null; never compiles. */
    synchronized DeviceProgram compiled(DType dtype) {
        return programs.get(dtype);
    }

    /** Why {@code dtype} has no program: the message of its compile failure (only after {@link #find} gave null). */
    synchronized String failure(DType dtype) {
        return failures.get(dtype).getMessage();
    }

    /** The programs compiled so far. */
    synchronized List<DeviceProgram> compiled() {
        return new ArrayList<>(programs.values());
    }
}
