package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.DeviceResolver;

/**
 * The seam through which {@link Device#named} resolves {@code opencl}, {@code opencl:N} and {@code auto} without the
 * core depending on this module: the resolver is registered as a service and serves the {@code opencl} family. Runs
 * in the CPU suite too, since naming {@code cpu} or an unknown device loads no OpenCL runtime.
 */
class OpenClDeviceResolverTest {

    @Test
    void theRegisteredResolverIsTheOpenClOneAndTheCoreParsesTheNames() {
        DeviceResolver resolver = ServiceLoader.load(DeviceResolver.class).findFirst()
                .orElseThrow(() -> new AssertionError("no DeviceResolver registered in META-INF/services"));
        assertInstanceOf(OpenClDeviceResolver.class, resolver);
        assertEquals("opencl", resolver.family());
        assertSame(Device.CPU, Device.named(" CPU "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.named("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("opencl:N"), e.getMessage());
    }
}
