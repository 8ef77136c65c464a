package dev.conv4j.cli;

/** What the commands print, in words a person would write. */
public final class Words {
    private Words() {
    }

    /** {@code 1 epoch}, {@code 5 epochs}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
