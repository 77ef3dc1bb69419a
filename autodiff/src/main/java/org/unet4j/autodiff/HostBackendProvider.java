package org.unet4j.autodiff;

/**
 * Supplies the backend of the host, {@link Device#CPU}. The CPU backend registers its provider in
 * {@code META-INF/services/org.unet4j.autodiff.HostBackendProvider} of this module, so the core, on which that
 * backend builds (tensors, shapes, the {@link Backend} interface), never names the backend's package: the two
 * packages depend one way only.
 */
public interface HostBackendProvider {

    /** The host's backend, one instance for the process. */
    Backend hostBackend();
}
