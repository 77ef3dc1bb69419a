package org.unet4j.autodiff.opencl;

import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.DeviceResolver;

/**
 * Resolves {@code opencl}, {@code opencl:N} and {@code auto} for the default device ({@link Device#defaultDevice()})
 * through {@link Devices#named}. Registered in {@code META-INF/services/org.unet4j.autodiff.DeviceResolver}, so the
 * core finds it without depending on this package.
 */
public final class OpenClDeviceResolver implements DeviceResolver {

    @Override
    public Device resolve(String choice) {
        return Devices.named(choice);
    }
}
