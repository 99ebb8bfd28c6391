using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests;

public class BackendTests
{
    [Fact]
    public void NativeBackend_Loads_AndComputes()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2, 3, 4 }, [2, 2]);

        var product = a.matmul(a);

        product.data<double>().ToArray().Should().Equal(7, 10, 15, 22);
    }
}
