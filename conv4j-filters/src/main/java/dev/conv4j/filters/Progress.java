package dev.conv4j.filters;

/** Told how far a long job has got; {@link #NONE} ignores it. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void start(String what, long total, String unit) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
        }
    };

    /** A job of {@code total} units (bytes, voxels, samples) begins. */
    void start(String what, long total, String unit);

    /** {@code done} units of the total are complete. */
    void advance(long done);

    /** The job is over (successfully or not). */
    void finish();
}
