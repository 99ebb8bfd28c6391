using GaussianMixture1D;

return App.Run(args, Console.Out, Console.Error);
