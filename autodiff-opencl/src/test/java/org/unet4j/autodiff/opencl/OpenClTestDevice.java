package org.unet4j.autodiff.opencl;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;
import org.junit.jupiter.api.Assumptions;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;

/**
 * The OpenCL device the tests use. The OpenCL tests run when the run asks for OpenCL ({@code -Dunet4j.device=opencl}
 * or {@code UNET4J_DEVICE=opencl}: the second of the two suites {@code .ci/run} runs, where OpenCL is also the default
 * device) and then fail without a device; otherwise they are skipped, so the CPU suite never loads a native OpenCL
 * runtime. Parity properties build their references on the host ({@link HostDefault}) and move copies explicitly.
 * Float64 tests need a device that reports fp64: pocl (the CI's runtime) must, other devices without it skip them.
 */
final class OpenClTestDevice {
    private OpenClTestDevice() {
    }

    /** Whether this run must test OpenCL and fail without it. */
    static boolean required() {
        return Device.configuredName().trim().toLowerCase(java.util.Locale.ROOT).startsWith("opencl");
    }

    /** Whether the OpenCL tests should run here. */
    static boolean runnable() {
        if (!required()) {
            return false;
        }
        if (!Devices.openClAvailable()) {
            throw new IllegalStateException("the run asks for OpenCL (" + Device.PROPERTY + "/"
                    + Device.ENVIRONMENT_VARIABLE + ") but no OpenCL device was found; install pocl-opencl-icd");
        }
        return true;
    }

    /** The device, or a skipped (aborted) test when OpenCL is absent and not required. */
    static Device device() {
        Assumptions.assumeTrue(runnable(), "OpenCL tests run with -Dunet4j.device=opencl");
        return Devices.opencl();
    }

    /** The device's backend. */
    static OpenClBackend backend() {
        return (OpenClBackend) device().backend();
    }

    /**
     * Whether the device computes in {@code dtype}: only a device without fp64 says no, for float64. Pocl reports
     * fp64, so a pocl device that says no fails the test instead.
     */
    static boolean computesIn(DType dtype) {
        OpenClBackend backend = backend();
        if (backend.supports(dtype)) {
            return true;
        }
        if (backend.description().contains("pthread")) {
            throw new AssertionError("pocl reports fp64, yet " + dtype + " is not supported on "
                    + backend.description());
        }
        return false;
    }

    /** The device for a JUnit test in {@code dtype}, or a skipped test when the device cannot compute in it. */
    static Device device(DType dtype) {
        Device device = device();
        Assumptions.assumeTrue(computesIn(dtype), dtype + " tests need a device that reports fp64");
        return device;
    }

    /** Rejects a jqwik try in {@code dtype} when the device cannot compute in it. */
    static void assumeComputesIn(DType dtype) {
        Assume.that(computesIn(dtype));
    }

    /** Skips a jqwik container when the OpenCL tests should not run. */
    public static final class SkipWithoutOpenCl implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return runnable() ? SkipResult.doNotSkip() : SkipResult.skip("OpenCL tests run with -Dunet4j.device=opencl");
        }
    }

    /**
     * Runs each try of a property with the host as this thread's default device, so that the factories make the
     * CPU references whatever the run's default device is; device tensors are made from them with to(device).
     */
    public static final class HostDefault implements AroundTryHook {
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
            return Device.withDefault(Device.CPU, () -> aTry.execute(parameters));
        }
    }
}
