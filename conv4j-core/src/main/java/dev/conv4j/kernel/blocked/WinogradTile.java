package dev.conv4j.kernel.blocked;

/**
 * The tile size of Winograd's F(m×m, 3×3) (and F(m, 3) in 1D): {@code m} outputs per axis from
 * {@code m + 2} inputs with {@code m + 2} multiplications instead of {@code 3m}. Along each
 * transformed axis the algorithm is {@code y = Aᵀ [(G g) ⊙ (Bᵀ d)]}; this holds {@code G}, which
 * the plan applies in double precision once, while {@code Bᵀ} and {@code Aᵀ} are written out as
 * additions in {@link WinogradOps}' implementations.
 *
 * <p>F(2, 3) evaluates at the points 0, 1, −1 and ∞; it only adds and subtracts, and each output
 * mixes only the inputs and products of its own three taps, so its rounding error stays where
 * the direct sum's is. F(4, 3) evaluates at 0, ±1, ±2 and ∞ (Lavin and Gray): 2.25 times fewer
 * multiplications than F(2, 3) in 2D, but its transforms multiply by 2, 4, 5 and 8 and every
 * output mixes all six inputs of its patch, so an output's error follows the inputs up to three
 * positions beyond its own taps (docs/semantics.md, "Winograd's error", measures both).
 */
public enum WinogradTile {
    /** F(2×2, 3×3): 16 multiplications per 2×2 outputs instead of 36. */
    F2X3(2, new double[][] {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}}),
    /** F(4×4, 3×3): 36 multiplications per 4×4 outputs instead of 144. */
    F4X3(4, new double[][] {
        {1 / 4.0, 0, 0},
        {-1 / 6.0, -1 / 6.0, -1 / 6.0},
        {-1 / 6.0, 1 / 6.0, -1 / 6.0},
        {1 / 24.0, 1 / 12.0, 1 / 6.0},
        {1 / 24.0, -1 / 12.0, 1 / 6.0},
        {0, 0, 1}});

    private final int outputs;
    private final double[][] g;

    WinogradTile(int outputs, double[][] g) {
        this.outputs = outputs;
        this.g = g;
    }

    /** Outputs per transformed axis of a tile: {@code m}. */
    public int outputs() {
        return outputs;
    }

    /** Inputs per transformed axis of a patch, and transformed elements per axis: {@code m + 2}. */
    public int points() {
        return outputs + 2;
    }

    /** {@code f2x3} or {@code f4x3}, for algorithm names. */
    public String label() {
        return "f" + outputs + "x3";
    }

    /** Element {@code (a, j)} of the filter transform {@code G} ({@code points() × 3}). */
    double g(int a, int j) {
        return g[a][j];
    }
}
