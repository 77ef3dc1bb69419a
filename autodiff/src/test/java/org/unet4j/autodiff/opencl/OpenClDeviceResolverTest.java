package org.unet4j.autodiff.opencl;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.DeviceResolver;

/**
 * The seam through which {@link Device#defaultDevice()} resolves {@code opencl} and {@code auto} without the core
 * depending on this package: the resolver is registered as a service and answers with {@link Devices#named}. Runs in
 * the CPU suite too, since naming {@code cpu} or an unknown device loads no OpenCL runtime.
 */
class OpenClDeviceResolverTest {

    @Test
    void theRegisteredResolverIsTheOpenClOneAndResolvesLikeDevicesNamed() {
        DeviceResolver resolver = ServiceLoader.load(DeviceResolver.class).findFirst()
                .orElseThrow(() -> new AssertionError("no DeviceResolver registered in META-INF/services"));
        assertInstanceOf(OpenClDeviceResolver.class, resolver);
        assertSame(Device.CPU, resolver.resolve(" CPU "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("opencl:N"), e.getMessage());
    }
}
