package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.Backend;
import org.unet4j.autodiff.HostBackendProvider;

/** Hands {@link CpuBackend} to {@link org.unet4j.autodiff.Device#CPU} through the service loader. */
public final class CpuBackendProvider implements HostBackendProvider {

    @Override
    public Backend hostBackend() {
        return CpuBackend.instance();
    }
}
