namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>The training and validation losses at one set of parameters, recorded by <see cref="EarlyStopping.Train"/>.</summary>
/// <param name="Epoch">The number of epochs of the run completed before the losses were evaluated (0 for the parameters it started from).</param>
/// <param name="TrainingLoss">The loss on the training samples at those parameters.</param>
/// <param name="ValidationLoss">The loss on the validation samples at those parameters; may be infinite if the model overflows there.</param>
public sealed record ValidationCheck(int Epoch, double TrainingLoss, double ValidationLoss);
