package org.unet4j.autodiff.opencl;

import java.lang.ref.Cleaner;

/**
 * The storage of an OpenCL tensor: a range of its device's arena. Tensors that share storage (reshapes, detached
 * copies) share the block. The range returns to the arena when {@link #close()} is called or, failing that, once
 * no tensor references the block any more (a {@link Cleaner} frees it after garbage collection).
 */
public final class DeviceBlock implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    final DeviceProgram program;
    final int offset;
    final int length;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    DeviceBlock(DeviceProgram program, int offset, int length) {
        this.program = program;
        this.offset = offset;
        this.length = length;
        this.release = new Release(program, offset, length);
        this.cleanable = length == 0 ? null : CLEANER.register(this, release);
    }

    /** Frees the device memory now; every tensor sharing this block becomes unusable. Idempotent. */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    /** Whether {@link #close()} has released the memory. */
    public boolean isClosed() {
        return release.done;
    }

    /** Number of elements (of the type of the arena the block is in). */
    public int length() {
        return length;
    }

    /** The release action; it must not reference the block, or the block would never become unreachable. */
    private static final class Release implements Runnable {
        private final DeviceProgram program;
        private final int offset;
        private final int length;
        private volatile boolean done;

        Release(DeviceProgram program, int offset, int length) {
            this.program = program;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public void run() {
            done = true;
            program.free(offset, length);
        }
    }
}
