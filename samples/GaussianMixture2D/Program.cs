using GaussianMixture2D;
using static TorchSharp.torch;

// The networks here are small, so TorchSharp's threads cost more than they save: on two cores a noise-conditional
// epoch took three times as long on two threads as on one.
set_num_threads(1);
return App.Run(args, Console.Out, Console.Error);
