package ai.synapses.transcribe.diarization;

/**
 * Sufficient statistics of a set of feature frames (count, sum, sum of outer products) and the
 * full-covariance Gaussian they fit. Two sets merge by adding their statistics, which is what makes
 * hierarchical clustering over thousands of segments cheap.
 */
final class Gaussian {

    /** Added to the covariance diagonal, relative to its mean variance: short segments give near-singular covariances. */
    private static final double RIDGE = 0.01;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    final int dim;
    double n;
    final double[] sum;
    final double[] outer; // dim x dim, row-major; only the lower triangle is kept up to date

    Gaussian(int dim) {
        this.dim = dim;
        this.sum = new double[dim];
        this.outer = new double[dim * dim];
    }

    void add(float[] features, int frame) {
        int base = frame * dim;
        n++;
        for (int i = 0; i < dim; i++) {
            double xi = features[base + i];
            sum[i] += xi;
            int row = i * dim;
            for (int j = 0; j <= i; j++) {
                outer[row + j] += xi * features[base + j];
            }
        }
    }

    Gaussian plus(Gaussian other) {
        Gaussian merged = new Gaussian(dim);
        merged.n = n + other.n;
        for (int i = 0; i < sum.length; i++) {
            merged.sum[i] = sum[i] + other.sum[i];
        }
        for (int i = 0; i < outer.length; i++) {
            merged.outer[i] = outer[i] + other.outer[i];
        }
        return merged;
    }

    /** log |covariance|, the only thing the BIC needs of a cluster. */
    double logDet() {
        return logDet(cholesky());
    }

    /** The model for scoring frames: mean, Cholesky factor of the covariance, log-determinant. */
    Model model() {
        double[] l = cholesky();
        double[] mean = new double[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = sum[i] / n;
        }
        return new Model(mean, l, logDet(l), dim);
    }

    /** Lower-triangular L with L Lᵀ = covariance + ridge. */
    private double[] cholesky() {
        double[] cov = new double[dim * dim];
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i * dim + j] = outer[i * dim + j] / n - (sum[i] / n) * (sum[j] / n);
            }
            trace += cov[i * dim + i];
        }
        double ridge = RIDGE * Math.max(trace / dim, 1e-6);
        for (int i = 0; i < dim; i++) {
            cov[i * dim + i] += ridge;
        }
        double[] l = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                double s = cov[i * dim + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * dim + k] * l[j * dim + k];
                }
                l[i * dim + j] = i == j ? Math.sqrt(Math.max(s, ridge * 1e-3)) : s / l[j * dim + j];
            }
        }
        return l;
    }

    private double logDet(double[] l) {
        double logDet = 0;
        for (int i = 0; i < dim; i++) {
            logDet += 2 * Math.log(l[i * dim + i]);
        }
        return logDet;
    }

    record Model(double[] mean, double[] l, double logDet, int dim) {

        /** Log-likelihood of one frame. */
        double logLikelihood(float[] features, int frame) {
            int base = frame * dim;
            double[] y = new double[dim];
            double quadratic = 0;
            for (int i = 0; i < dim; i++) {
                double s = features[base + i] - mean[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i * dim + k] * y[k];
                }
                y[i] = s / l[i * dim + i];
                quadratic += y[i] * y[i];
            }
            return -0.5 * (dim * LOG_2PI + logDet + quadratic);
        }
    }
}
