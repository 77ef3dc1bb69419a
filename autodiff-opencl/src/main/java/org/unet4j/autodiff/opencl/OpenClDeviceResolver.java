package org.unet4j.autodiff.opencl;

import java.util.List;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.DeviceInfo;
import org.unet4j.autodiff.DeviceResolver;

/**
 * The {@code opencl} device family ({@code opencl}, {@code opencl:N}, and {@code auto}'s first choice) for the core's
 * {@link Device#named}, through {@link Devices}. Registered in
 * {@code META-INF/services/org.unet4j.autodiff.DeviceResolver}, so the core finds it without depending on this
 * module.
 */
public final class OpenClDeviceResolver implements DeviceResolver {

    @Override
    public String family() {
        return "opencl";
    }

    @Override
    public List<DeviceInfo> devices() {
        return Devices.list();
    }

    @Override
    public int bestIndex() {
        return Devices.bestOpenClIndex();
    }

    @Override
    public Device device(int index) {
        return Devices.opencl(index);
    }
}
