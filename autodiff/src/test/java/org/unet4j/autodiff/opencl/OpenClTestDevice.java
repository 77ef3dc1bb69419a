package org.unet4j.autodiff.opencl;

import java.util.List;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;
import org.junit.jupiter.api.Assumptions;
import org.unet4j.autodiff.Device;

/**
 * The OpenCL device the tests use. The OpenCL tests run when the run asks for OpenCL ({@code -Dunet4j.device=opencl}
 * or {@code UNET4J_DEVICE=opencl}: the second of the two suites {@code .ci/run} runs, where OpenCL is also the default
 * device) and then fail without a device; otherwise they are skipped, so the CPU suite never loads a native OpenCL
 * runtime. Parity properties build their references on the host ({@link HostDefault}) and move copies explicitly.
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
