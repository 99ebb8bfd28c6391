using GaussianMixture1D;
using static TorchSharp.torch;

// The networks here are small, so TorchSharp's threads cost more than they save: on two cores shared with other work,
// the 500 epochs of (a) took 5.4 s on TorchSharp's default threads and 0.4 s on one.
set_num_threads(1);
return App.Run(args, Console.Out, Console.Error);
