package org.unet4j.autodiff;

/**
 * Implemented by a {@link Backend} whose device keeps data away from the host, so that {@link Tensor#to(Device)}
 * can move tensors between it and {@link Device#CPU}.
 */
public interface HostTransfer {

    /** A CPU tensor holding a copy of {@code x}'s values (same shape and dtype); {@code x} lives on this backend. */
    Tensor toHost(Tensor x);

    /** A tensor on this backend's device holding a copy of the CPU tensor {@code host}. */
    Tensor fromHost(Tensor host);
}
