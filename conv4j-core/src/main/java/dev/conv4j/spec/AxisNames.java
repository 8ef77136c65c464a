package dev.conv4j.spec;

/** Letters for spatial axes: W; H,W; D,H,W; beyond three, S1..Sr. */
final class AxisNames {
    private static final String[] LETTERS_BY_RANK = {"", "W", "HW", "DHW"};

    private AxisNames() {
    }

    static String spatialLetters(int spatialRank) {
        if (spatialRank < LETTERS_BY_RANK.length) {
            return LETTERS_BY_RANK[spatialRank];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < spatialRank; i++) {
            sb.append(axisName(spatialRank, i));
        }
        return sb.toString();
    }

    /** The name of spatial axis {@code i}: {@code height}, {@code width}, {@code depth}, or {@code s3}. */
    static String axisName(int spatialRank, int i) {
        if (spatialRank <= 3) {
            return switch (spatialRank - i) {
                case 1 -> "width";
                case 2 -> "height";
                default -> "depth";
            };
        }
        return "s" + (i + 1);
    }
}
