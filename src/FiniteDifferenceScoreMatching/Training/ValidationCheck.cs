using System.Globalization;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>The training and validation losses at one set of parameters, recorded when training stops early.</summary>
public sealed class ValidationCheck
{
    internal ValidationCheck(int epoch, double trainingLoss, double validationLoss)
    {
        Epoch = epoch;
        TrainingLoss = trainingLoss;
        ValidationLoss = validationLoss;
    }

    /// <summary>Gets the number of epochs of the run completed before the losses were evaluated (0 for the parameters it started from).</summary>
    public int Epoch { get; }

    /// <summary>Gets the loss on the training samples at those parameters.</summary>
    public double TrainingLoss { get; }

    /// <summary>Gets the loss on the validation samples at those parameters; may be infinite if the model overflows there.</summary>
    public double ValidationLoss { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}: training {TrainingLoss}, validation {ValidationLoss}");
}
