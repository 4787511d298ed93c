package dev.tribunal.jobs.aggregate;

/**
 * Bradley-Terry ratings of a battle matrix by Newton's method with the exact Hessian.
 *
 * <p>The ratings ε maximise the ridge-penalised log-likelihood
 * <pre>
 *   f(ε) = Σ_{m≠n} B[m][n]·log σ(ε_m − ε_n) − λ·Σ_i ε_i²
 * </pre>
 * Small battle matrices are often separable (a judgment that never lost), and then the
 * unpenalised maximum lies at infinity; the ridge makes f strictly concave, so the maximum exists,
 * is unique, and Newton converges to it. The ridge also centres the optimum by itself (the
 * likelihood's gradient sums to 0 over the players, so at the optimum {@code 2λ·Σε = 0}); the
 * ratings are re-centred anyway to wash out rounding.
 *
 * <p>λ defaults to {@value #DEFAULT_RIDGE}: a never-beaten judgment then ends a few units of ε
 * (several hundred Elo) above a beaten one instead of at infinity, while well-mixed matrices,
 * whose curvature per pair is of order 1, move by about 1% of their spread.
 *
 * <p>Each step solves {@code (−∇²f)·p = ∇f} by a dense Cholesky factorisation (N ≤ ~16 players,
 * so dense is fastest) and backtracks (Armijo) only when the full step does not increase f.
 * The fit stops when {@code ‖∇f‖₂ ≤ tolerance·max(1, max B)} or after the iteration cap.
 *
 * <p>An instance is a reusable workspace: after the first fit of the largest size, fitting with
 * {@link #fit(double[], int, double[])} allocates nothing. Not thread-safe: one per thread.
 */
public final class BradleyTerryFit {

    public static final double DEFAULT_RIDGE = 1e-2;
    public static final int DEFAULT_MAX_ITERATIONS = 100;
    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-10;

    /** Sufficient increase asked of a step, as a share of the increase its slope promises. */
    private static final double ARMIJO = 1e-4;
    /** A line search that has to shrink the step below this has hit rounding: stop. */
    private static final double MIN_STEP = 1e-10;
    /**
     * Relative rounding noise tolerated when comparing objective values: near the optimum a full
     * Newton step changes f by less than f's own rounding error, and must still be taken.
     */
    private static final double OBJECTIVE_NOISE = 1e-12;

    private final double ridge;
    private final int maxIterations;
    private final double tolerance;

    private int capacity;
    private double[] x;
    private double[] xTrial;
    private double[] grad;
    private double[] gradTrial;
    private double[] hess;
    private double[] hessTrial;
    private double[] step;
    private double[] inverseDiagonal;
    private int[] pairFirst;
    private int[] pairSecond;
    private double[] pairFirstWins;
    private double[] pairSecondWins;

    private int players;
    private int pairs;
    private double scale;
    private int iterations;
    private boolean converged;
    private double gradientNorm;

    public BradleyTerryFit() {
        this(DEFAULT_RIDGE, DEFAULT_MAX_ITERATIONS, DEFAULT_GRADIENT_TOLERANCE);
    }

    public BradleyTerryFit(double ridge, int maxIterations, double gradientTolerance) {
        if (!(ridge > 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("Bradley-Terry ridge must be finite and > 0 (separable matrices have no optimum without it), got " + ridge);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("Bradley-Terry maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(gradientTolerance > 0)) {
            throw new IllegalArgumentException("Bradley-Terry gradient tolerance must be > 0, got " + gradientTolerance);
        }
        this.ridge = ridge;
        this.maxIterations = maxIterations;
        this.tolerance = gradientTolerance;
        grow(8);
    }

    public double ridge() {
        return ridge;
    }

    /** Fits a matrix with at least one battle and returns its centred ratings. */
    public Ratings fit(BattleMatrix matrix) {
        if (!matrix.hasBattles()) {
            throw new IllegalArgumentException("a battle matrix without a usable battle carries no information and cannot be rated");
        }
        double[] ratings = new double[matrix.players()];
        fit(matrix.entries(), matrix.players(), ratings);
        return new Ratings(ratings, iterations, converged, gradientNorm);
    }

    /**
     * Fits {@code wins} (row-major, {@code wins[m * players + n] = B[m][n]}, entries finite and
     * {@code >= 0}) and writes the centred ratings into {@code ratings[0 .. players)}.
     *
     * @return the number of Newton steps taken; see also {@link #converged()}
     */
    public int fit(double[] wins, int players, double[] ratings) {
        prepare(wins, players, ratings);
        double tolerance = this.tolerance * scale;
        double f = evaluate(x, grad, hess);
        double norm = norm(grad);
        int steps = 0;
        while (norm > tolerance && steps < maxIterations) {
            factor(hess);
            solve(hess, grad, step);
            double slope = dot(grad, step);
            double noise = OBJECTIVE_NOISE * (1 + Math.abs(f));
            double t = 1;
            double fTrial;
            while (true) {
                for (int i = 0; i < players; i++) {
                    xTrial[i] = x[i] + t * step[i];
                }
                fTrial = evaluate(xTrial, gradTrial, hessTrial);
                if (fTrial - f >= ARMIJO * t * slope - noise || t < MIN_STEP) {
                    break;
                }
                t *= 0.5;
            }
            if (t < MIN_STEP) {
                break;
            }
            acceptTrial();
            f = fTrial;
            norm = norm(grad);
            steps++;
        }
        centre(ratings);
        this.iterations = steps;
        this.converged = norm <= tolerance;
        this.gradientNorm = norm;
        return steps;
    }

    /** Newton steps of the last fit. */
    public int iterations() {
        return iterations;
    }

    /** Whether the last fit reached the gradient tolerance. */
    public boolean converged() {
        return converged;
    }

    /** Gradient norm at the end of the last fit. */
    public double gradientNorm() {
        return gradientNorm;
    }

    /** Validates the input, sizes the workspace and lists the pairs that have battles. */
    private void prepare(double[] wins, int players, double[] ratings) {
        if (players < 1 || wins.length < players * players || ratings.length < players) {
            throw new IllegalArgumentException("Bradley-Terry fit of " + players + " players needs "
                    + players * players + " matrix entries and " + players + " rating slots, got "
                    + wins.length + " and " + ratings.length);
        }
        if (players > capacity) {
            grow(players);
        }
        this.players = players;
        int count = 0;
        double largest = 1;
        for (int m = 0; m < players; m++) {
            x[m] = 0;
            for (int n = m + 1; n < players; n++) {
                double won = checked(wins, m, n, players);
                double lost = checked(wins, n, m, players);
                largest = Math.max(largest, Math.max(won, lost));
                if (won + lost > 0) {
                    pairFirst[count] = m;
                    pairSecond[count] = n;
                    pairFirstWins[count] = won;
                    pairSecondWins[count] = lost;
                    count++;
                }
            }
        }
        this.pairs = count;
        this.scale = largest;
    }

    private static double checked(double[] wins, int m, int n, int players) {
        double value = wins[m * players + n];
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("battle matrix entry [" + m + "][" + n + "] must be finite and >= 0, got " + value);
        }
        return value;
    }

    /**
     * Evaluates f at {@code at}, writes ∇f into {@code g} and the lower triangle of −∇²f into
     * {@code h}. One exponential and one logarithm per pair with battles.
     */
    private double evaluate(double[] at, double[] g, double[] h) {
        final int n = players;
        final double lambda = ridge;
        final int[] first = pairFirst;
        final int[] second = pairSecond;
        final double[] firstWins = pairFirstWins;
        final double[] secondWins = pairSecondWins;
        double f = 0;
        for (int i = 0; i < n; i++) {
            double value = at[i];
            f -= lambda * value * value;
            g[i] = -2 * lambda * value;
            int row = i * n;
            for (int k = 0; k < i; k++) {
                h[row + k] = 0;
            }
            h[row + i] = 2 * lambda;
        }
        for (int p = 0; p < pairs; p++) {
            int m = first[p];
            int k = second[p];
            double won = firstWins[p];
            double lost = secondWins[p];
            double total = won + lost;
            double d = at[m] - at[k];
            // Everything from e = exp(-|d|), which never overflows:
            // σ(|d|) = 1/(1+e), 1 − σ(|d|) = e·σ(|d|), log σ(±d) = −log(1+e) − max(∓d, 0).
            double e = Math.exp(-Math.abs(d));
            double s = 1 / (1 + e);
            double softplus = Math.log(1 + e);
            f -= total * softplus + (d >= 0 ? lost * d : -won * d);
            double sigma = d >= 0 ? s : e * s;
            double slope = won - total * sigma;
            g[m] += slope;
            g[k] -= slope;
            double curvature = total * s * s * e;
            h[m * n + m] += curvature;
            h[k * n + k] += curvature;
            h[k * n + m] -= curvature;
        }
        return f;
    }

    /** In-place Cholesky factorisation of the lower triangle: h = L·Lᵀ. */
    private void factor(double[] h) {
        final int n = players;
        final double[] inverse = inverseDiagonal;
        for (int j = 0; j < n; j++) {
            int rowJ = j * n;
            double diagonal = h[rowJ + j];
            for (int k = 0; k < j; k++) {
                double l = h[rowJ + k];
                diagonal -= l * l;
            }
            if (!(diagonal > 0)) {
                throw new IllegalStateException("Bradley-Terry Hessian lost positive definiteness at row " + j + ": " + diagonal);
            }
            double root = Math.sqrt(diagonal);
            h[rowJ + j] = root;
            double inverseRoot = 1 / root;
            inverse[j] = inverseRoot;
            for (int i = j + 1; i < n; i++) {
                int rowI = i * n;
                double sum = h[rowI + j];
                for (int k = 0; k < j; k++) {
                    sum -= h[rowI + k] * h[rowJ + k];
                }
                h[rowI + j] = sum * inverseRoot;
            }
        }
    }

    /** Solves L·Lᵀ·out = rhs with the factor left in h by {@link #factor}. */
    private void solve(double[] h, double[] rhs, double[] out) {
        final int n = players;
        final double[] inverse = inverseDiagonal;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double sum = rhs[i];
            for (int k = 0; k < i; k++) {
                sum -= h[row + k] * out[k];
            }
            out[i] = sum * inverse[i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double sum = out[i];
            for (int k = i + 1; k < n; k++) {
                sum -= h[k * n + i] * out[k];
            }
            out[i] = sum * inverse[i];
        }
    }

    private void acceptTrial() {
        double[] swap = x;
        x = xTrial;
        xTrial = swap;
        swap = grad;
        grad = gradTrial;
        gradTrial = swap;
        swap = hess;
        hess = hessTrial;
        hessTrial = swap;
    }

    private void centre(double[] ratings) {
        double sum = 0;
        for (int i = 0; i < players; i++) {
            sum += x[i];
        }
        double mean = sum / players;
        for (int i = 0; i < players; i++) {
            ratings[i] = x[i] - mean;
        }
    }

    private double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < players; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private void grow(int size) {
        capacity = size;
        x = new double[size];
        xTrial = new double[size];
        grad = new double[size];
        gradTrial = new double[size];
        step = new double[size];
        inverseDiagonal = new double[size];
        hess = new double[size * size];
        hessTrial = new double[size * size];
        int maxPairs = size * (size - 1) / 2;
        pairFirst = new int[maxPairs];
        pairSecond = new int[maxPairs];
        pairFirstWins = new double[maxPairs];
        pairSecondWins = new double[maxPairs];
    }
}
