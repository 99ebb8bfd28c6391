using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>How <see cref="ScoreMatchingFit.Fit"/> fits a score model to samples. Validated when the fit starts.</summary>
public sealed record FitOptions
{
    /// <summary>Gets the score model that is fitted; the options below say which of them each method uses.</summary>
    /// <value>
    /// The default is <see cref="FitMethod.Spline"/>: on a suite of test distributions it is more accurate than the
    /// network, and a hundred times faster (see docs/fit-quality.md).
    /// </value>
    public FitMethod Method { get; init; } = FitMethod.Spline;

    /// <summary>
    /// Gets the number of knots of <see cref="FitMethod.Spline"/>, placed at evenly spaced quantiles of the samples; at
    /// least 4. Ignored by <see cref="FitMethod.Network"/>.
    /// </summary>
    /// <value>The default, <see langword="null"/>, stands for 4 N^(1/3), between 10 and 120: 20 at 128 samples, 40 at 1,024.</value>
    public int? SplineKnots { get; init; }

    /// <summary>
    /// Gets a value indicating whether the masses of groups of samples separated by an empty gap (wider than
    /// <see cref="EmptyGapWidth"/>) are set to the groups' shares of the samples, their maximum-likelihood values, rather
    /// than left to the integrated score, which cannot see them. <see cref="Density.ScoreDensity.Regions"/> lists the
    /// groups and both masses.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MixingProportions { get; init; } = true;

    /// <summary>Gets the architecture of the network of <see cref="FitMethod.Network"/>.</summary>
    /// <value>The default is one hidden layer of 32 softplus units in float32.</value>
    public MlpOptions Model { get; init; } = new() { HiddenWidths = [32], Activation = Activation.Softplus };

    /// <summary>Gets Adam's learning rate.</summary>
    /// <value>The default is 0.02.</value>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>Gets how long each restart trains, and how it stops early.</summary>
    /// <value>
    /// The default is <see cref="EarlyStoppingOptions"/>'s defaults: at most 1,000 epochs, watched from epoch 500 on,
    /// patience 200, validation every epoch.
    /// </value>
    public EarlyStoppingOptions EarlyStopping { get; init; } = new();

    /// <summary>Gets the share of the samples held out to score epochs and restarts; strictly between 0 and 1.</summary>
    /// <value>The default is 0.2.</value>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Gets the number of initialisations to train, together; <see cref="Combination"/> says how they make one model.</summary>
    /// <value>The default is 4.</value>
    public int Restarts { get; init; } = 4;

    /// <summary>Gets how the restarts are turned into the model returned: the mean of their scores, or the best alone.</summary>
    /// <value>The default is <see cref="RestartCombination.Average"/>.</value>
    public RestartCombination Combination { get; init; } = RestartCombination.Average;

    /// <summary>
    /// Gets a value indicating whether the initialisations that make up the model (all the restarts, or the chosen one;
    /// see <see cref="Combination"/>) are trained again, on all the samples, each for the number of epochs at which its
    /// validation loss was lowest, and those networks returned. Otherwise the restarts' own networks, trained on the
    /// training part only, are returned.
    /// </summary>
    /// <value>
    /// The default is <see langword="true"/>: the held-out samples then inform the fit too, which matters where samples
    /// are scarce, such as between two modes.
    /// </value>
    public bool RefitOnAllSamples { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether the networks are trained on standardised samples z = (x − c) / s, with c the
    /// middle of the samples' range, halfway between their 1 % and 99 % quantiles, and s their spread,
    /// min(standard deviation, IQR / 1.349), so that the network, the
    /// learning rate, δ and the curvature penalty work at the data's own scale whatever its units. The model returned
    /// is then a <see cref="StandardizedScoreModel"/>, which gives the score, and the pdf, in the samples' units;
    /// training and validation losses, and their standard errors, are those of z (the losses of x are those of z
    /// divided by s²).
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Standardize { get; init; } = true;

    /// <summary>Gets the seed from which the split and every restart's initialisation are derived.</summary>
    /// <value>The default is 0. The same seed and samples give the same fit, bit for bit.</value>
    public long Seed { get; init; }

    /// <summary>Gets Adam's L2 weight decay; finite and not negative.</summary>
    /// <value>The default is 0.</value>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Gets the weight λ of the curvature penalty λ E[(∂ψ/∂x)²] added to the training loss (see
    /// <see cref="CurvaturePenalizedScoreMatchingLoss"/>); finite and not negative. The validation loss never
    /// includes it. It applies to the score of z when the fit standardises (see <see cref="Standardize"/>), so that
    /// its effect does not depend on the samples' units.
    /// </summary>
    /// <value>
    /// The default, <see langword="null"/>, stands for 0.64 / √N over all N samples: 0.02 at 1,024 samples, 0.057 at
    /// 128. A penalty that shrinks as samples grow regularises where samples are few and biases little where they are
    /// many; docs/fit-quality.md shows the runs behind it.
    /// </value>
    public double? CurvaturePenalty { get; init; }

    /// <summary>The penalty <see cref="ScoreMatchingFit.Fit"/> uses for <paramref name="sampleCount"/> samples.</summary>
    internal double CurvaturePenaltyFor(int sampleCount) => CurvaturePenalty ?? (0.64 / Math.Sqrt(sampleCount));

    /// <summary>
    /// Gets the finite-difference step δ, in the samples' units, shared by the training and the validation loss (the
    /// networks use δ / s when the fit standardises; see <see cref="Standardize"/>).
    /// </summary>
    /// <value>The default, <see langword="null"/>, stands for (max − min) / 2N over all the samples.</value>
    public double? Delta { get; init; }

    /// <summary>Gets the grid on which the pdf is recovered.</summary>
    /// <value>
    /// The default, <see langword="null"/>, stands for 401 points from min − r/4 to max + r/4, where r = max − min
    /// of the samples.
    /// </value>
    public UniformGrid? Grid { get; init; }

    /// <summary>
    /// Gets the width, in kernel bandwidths (Silverman's rule), above which an interval without samples between two
    /// groups of samples gives a <see cref="FitWarningKind.EmptyGap"/> warning; positive.
    /// </summary>
    /// <value>The default is 4.</value>
    public double EmptyGapWidth { get; init; } = 4;

    /// <summary>
    /// Gets the L1 distance between the densities recovered from two restarts above which the fit gives a
    /// <see cref="FitWarningKind.RestartsDisagree"/> warning; positive.
    /// </summary>
    /// <value>
    /// The default is 0.3: above the largest distance between restarts, 0.24, seen over 40 default fits of 1,024
    /// samples of the original mixture that all recovered the density well.
    /// </value>
    public double RestartDisagreement { get; init; } = 0.3;

    /// <summary>Throws when an option is out of range.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown fit method.");
        }

        if (SplineKnots is { } knots)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(knots, 4, nameof(SplineKnots));
        }

        ArgumentNullException.ThrowIfNull(Model, nameof(Model));
        Model.Validate();
        Guard.ThrowIfNotFinitePositive(LearningRate, nameof(LearningRate));
        ArgumentNullException.ThrowIfNull(EarlyStopping, nameof(EarlyStopping));
        EarlyStopping.Validate();
        SampleSplit.ThrowIfNotAFraction(ValidationFraction, nameof(ValidationFraction));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Restarts, nameof(Restarts));
        if (!Enum.IsDefined(Combination))
        {
            throw new ArgumentOutOfRangeException(nameof(Combination), Combination, "Unknown way to combine restarts.");
        }

        Guard.ThrowIfNegativeOrNotFinite(WeightDecay, nameof(WeightDecay));
        if (CurvaturePenalty is { } penalty)
        {
            Guard.ThrowIfNegativeOrNotFinite(penalty, nameof(CurvaturePenalty));
        }
        if (Delta is { } delta)
        {
            Guard.ThrowIfNotFinitePositive(delta, nameof(Delta));
        }

        Guard.ThrowIfNotFinitePositive(EmptyGapWidth, nameof(EmptyGapWidth));
        Guard.ThrowIfNotFinitePositive(RestartDisagreement, nameof(RestartDisagreement));
    }
}
