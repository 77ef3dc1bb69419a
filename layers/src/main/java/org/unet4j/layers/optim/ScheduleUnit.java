package org.unet4j.layers.optim;

/** What the counter of an {@link LrSchedule} counts: optimizer steps or completed epochs. */
public enum ScheduleUnit {
    /** The rate changes after every optimizer step. */
    STEP,
    /** The rate changes once per epoch. */
    EPOCH;

    /** The counter this unit reads: {@code step} for {@link #STEP}, {@code epoch} for {@link #EPOCH}. */
    public long pick(long step, int epoch) {
        return this == STEP ? step : epoch;
    }
}
