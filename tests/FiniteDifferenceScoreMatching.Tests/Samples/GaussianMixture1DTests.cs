using System.Buffers.Binary;
using System.Globalization;
using FiniteDifferenceScoreMatching.Models;
using GaussianMixture1D;
using SkiaSharp;

namespace FiniteDifferenceScoreMatching.Tests.Samples;

public sealed class GaussianMixture1DTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_FewEpochs_WritesEveryFigureAndTheTable()
    {
        var output = Path.Combine(_folder, "out");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = App.Run(["--epochs", "20", "--output", output, "--quiet"], stdout, stderr);

        code.Should().Be(App.Success, stderr.ToString());
        var pngs = Directory.GetFiles(output, "*.png");
        // Two data figures, three per network experiment, two evolution figures each for (a) and (d), and the one-call
        // fit's score and pdf (it has no epochs, hence no loss figure).
        pngs.Should().HaveCount(2 + (6 * 3) + (2 * 2) + 2);
        pngs.Should().AllSatisfy(AssertNonTrivialPng);
        Directory.GetDirectories(output).Should().BeEmpty("the staging folder is removed");

        var rows = File.ReadAllLines(Path.Combine(output, "summary.csv")).Skip(1).ToList();
        rows.Select(r => r[0]).Should().Equal('a', 'b', 'c', 'd', 'e', 'f', 'g');
        foreach (var row in rows)
        {
            // final loss (none for (g)), Fisher divergence, L1, left-mode mass, time; then the warnings.
            var cells = row.Split(',')[^6..^1];
            var numbers = (row[0] == 'g' ? cells[1..] : cells).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            numbers.Should().OnlyContain(v => double.IsFinite(v), row);
        }

        rows[^1].Split(',')[^6].Should().BeEmpty("the one-call fit has no final loss");
        var markdown = File.ReadAllText(Path.Combine(output, "summary.md"));
        markdown.Should().Contain("| (f) Finite differences, few samples |").And.Contain("| (g) One-call fit (ScoreMatchingFit) |")
            .And.Contain("(g) One-call fit (ScoreMatchingFit): spline score");
        stdout.ToString().Should().Contain($"wrote {pngs.Length + 3} files");
        var losses = File.ReadAllLines(Path.Combine(output, "losses.csv"));
        losses.Should().HaveCount(1 + 40, "a header, then one row per epoch of the longest run, (c) with two phases of 20");
        losses[0].Should().Be("epoch,a,b,c,d,e,f");
    }

    [Fact]
    public void Run_SomeExperiments_WritesOnlyTheirFigures()
    {
        var output = Path.Combine(_folder, "out");

        var code = App.Run(["--epochs", "5", "--output", output, "--quiet", "--experiments", "b,f"], TextWriter.Null, TextWriter.Null);

        code.Should().Be(App.Success);
        Directory.GetFiles(output, "*.png").Select(Path.GetFileName).Should().BeEquivalentTo(
            "pdf-and-samples.png", "score-and-samples.png",
            "b-squared-error-score.png", "b-squared-error-loss.png", "b-squared-error-pdf.png",
            "f-fd-few-samples-score.png", "f-fd-few-samples-loss.png", "f-fd-few-samples-pdf.png");
    }

    [Fact]
    public void Run_OneCallFitAlone_WritesItsFiguresAndItsDiagnostics()
    {
        var output = Path.Combine(_folder, "out");

        var code = App.Run(["--output", output, "--quiet", "--experiments", "g"], TextWriter.Null, TextWriter.Null);

        code.Should().Be(App.Success);
        Directory.GetFiles(output, "*.png").Select(Path.GetFileName).Should().BeEquivalentTo(
            "pdf-and-samples.png", "score-and-samples.png", "g-one-call-fit-score.png", "g-one-call-fit-pdf.png");
        var row = File.ReadAllLines(Path.Combine(output, "summary.csv"))[1].Split(',');
        double.Parse(row[5], CultureInfo.InvariantCulture).Should().BeLessThan(0.15, "the default fit recovers the density of 1,024 samples well");
        double.Parse(row[6], CultureInfo.InvariantCulture).Should().BeApproximately(0.1, 0.03, "the mixing proportion is set by the samples' shares");
        File.ReadAllLines(Path.Combine(output, "losses.csv")).Should().Equal("epoch,");
    }

    [Fact]
    public void Run_NotQuiet_DrawsTheProgressOnTheTrainingThreadAndPrintsTheTable()
    {
        var output = Path.Combine(_folder, "out");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = App.Run(["--epochs", "100", "--output", output, "--experiments", "a,c"], stdout, stderr);

        code.Should().Be(App.Success, stderr.ToString());
        stdout.ToString().Should().Contain("(a) Explicit score matching").And.Contain("(c) Finite differences on the grid")
            .And.Contain("true left-mode mass 0.100").And.Contain($"to {output}");
    }

    [Theory]
    [InlineData(new[] { "--epochs", "0" }, "--epochs must be a positive whole number, not '0'")]
    [InlineData(new[] { "--epochs", "2147483647" }, "--epochs must be at most 1,000,000, not 2,147,483,647")]
    [InlineData(new[] { "--samples", "-5" }, "--samples must be a positive whole number, not '-5'")]
    [InlineData(new[] { "--few-samples", "1e3" }, "--few-samples must be a positive whole number, not '1e3'")]
    [InlineData(new[] { "--seed", "1.5" }, "--seed must be a whole number, not '1.5'")]
    [InlineData(new[] { "--learning-rate", "NaN" }, "--learning-rate must be a finite positive number, not 'NaN'")]
    [InlineData(new[] { "--learning-rate", "Infinity" }, "--learning-rate must be a finite positive number, not 'Infinity'")]
    [InlineData(new[] { "--delta", "0" }, "--delta must be a finite positive number, not '0'")]
    [InlineData(new[] { "--activation", "sigmoid" }, "--activation must be relu, tanh, softplus or silu, not 'sigmoid'")]
    [InlineData(new[] { "--activation", "1" }, "--activation must be relu, tanh, softplus or silu, not '1'")]
    [InlineData(new[] { "--experiments", "a,z" }, "--experiments takes letters a to g separated by commas, not 'a,z'")]
    [InlineData(new[] { "--experiments", "," }, "--experiments needs at least one of a to g")]
    [InlineData(new[] { "--hidden" }, "option --hidden needs a value")]
    [InlineData(new[] { "--delta" }, "option --delta needs a value")]
    [InlineData(new[] { "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "--quiet", "--colour" }, "unknown option '--colour'")]
    [InlineData(new[] { "-x" }, "unknown option '-x'")]
    [InlineData(new[] { "red" }, "unexpected argument 'red'")]
    public void Run_BadOption_ExitsWithTwoAndOneLineError(string[] args, string message)
    {
        var output = Path.Combine(_folder, "never");
        using var stderr = new StringWriter();

        var code = App.Run(["--output", output, .. args], TextWriter.Null, stderr);

        code.Should().Be(App.UsageError);
        stderr.ToString().TrimEnd().Should().Be($"error: {message} (see --help)");
        Directory.Exists(output).Should().BeFalse("nothing is written on bad input");
    }

    [Theory]
    [InlineData(new[] { "--samples", "1" }, "at least two points")]
    [InlineData(new[] { "--learning-rate", "1e300" }, "learning rate is beyond the largest Float32")]
    [InlineData(new[] { "--delta", "1e300" }, "step is too large for Float32")]
    [InlineData(new[] { "--delta", "1e-30" }, "step is too small for Float64")]
    [InlineData(new[] { "--few-samples", "1", "--experiments", "f" }, "at least two points")]
    [InlineData(new[] { "--samples", "1", "--experiments", "g" }, "at least two samples")]
    [InlineData(new[] { "--samples", "2", "--experiments", "g" }, "The one-call fit (g) failed on 2 samples")]
    public void Run_ValueTheLibraryRejects_ExitsWithTwoAndOneLineError(string[] args, string fragment)
    {
        var output = Path.Combine(_folder, "rejected");
        using var stderr = new StringWriter();

        var code = App.Run(["--output", output, "--quiet", .. args], TextWriter.Null, stderr);

        code.Should().Be(App.UsageError);
        stderr.ToString().Should().StartWith("error: ").And.Contain(fragment);
        stderr.ToString().Trim().Split('\n').Should().ContainSingle();
        (Directory.Exists(output) ? Directory.GetFiles(output, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    [Fact]
    public void Run_OutputIsAFile_ExitsWithTwo()
    {
        var file = Path.Combine(_folder, "taken");
        File.WriteAllText(file, "keep me");
        using var stderr = new StringWriter();

        var code = App.Run(["--output", file, "--epochs", "1"], TextWriter.Null, stderr);

        code.Should().Be(App.UsageError);
        stderr.ToString().Should().StartWith("error: cannot write to the output folder").And.Contain("a file of that name exists");
        stderr.ToString().Trim().Split('\n').Should().ContainSingle();
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public void Run_OptionInPlaceOfTheOutputFolder_ExitsWithTwo()
    {
        using var stderr = new StringWriter();

        var code = App.Run(["--output", "--quiet"], TextWriter.Null, stderr);

        code.Should().Be(App.UsageError);
        stderr.ToString().TrimEnd().Should().Be("error: --output needs a folder name, not '--quiet' (see --help)");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Run_Help_PrintsTheGeneratedUsageAndSucceeds(string flag)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = App.Run([flag], stdout, stderr);

        code.Should().Be(App.Success);
        stderr.ToString().Should().BeEmpty();
        stdout.ToString().Should().Contain("GaussianMixture1D [options]")
            .And.Contain("--epochs <n>").And.Contain("[default: 500]")
            .And.Contain("--activation <name>").And.Contain("[default: relu]")
            .And.Contain("--delta <x>").And.Contain("--experiments <list>").And.Contain("--quiet");
    }

    [Fact]
    public void Run_HelpAfterOtherOptions_PrintsUsageAndWritesNothing()
    {
        var output = Path.Combine(_folder, "never");
        using var stdout = new StringWriter();

        var code = App.Run(["--output", output, "--epochs", "3", "--help"], stdout, TextWriter.Null);

        code.Should().Be(App.Success);
        stdout.ToString().Should().Contain("--few-samples <n>");
        Directory.Exists(output).Should().BeFalse();
    }

    [Fact]
    public void Parse_NoArguments_GivesTheOriginalExample()
    {
        var (options, error) = CommandLine.Parse([]);

        error.Should().BeNull();
        options!.Samples.Should().Be(1024);
        options.Epochs.Should().Be(500);
        options.Seed.Should().Be(12345);
        options.HiddenWidth.Should().Be(8);
        options.LearningRate.Should().Be(0.03);
        options.Activation.Should().Be(Activation.Relu);
        options.Delta.Should().BeNull();
        options.FewSamples.Should().Be(128);
        options.OutputFolder.Should().Be("output");
        options.Quiet.Should().BeFalse();
        options.Experiments.Should().HaveCount(7);
    }

    [Fact]
    public void Parse_EveryOption_SetsItsValue()
    {
        var (options, error) = CommandLine.Parse(
        [
            "-o", "elsewhere", "--samples", "300", "--few-samples", "40", "--epochs", "7", "--seed", "-3", "--hidden", "16",
            "--activation", "Tanh", "--learning-rate", "1e-3", "--delta", "0.05", "--experiments", "f, d,d", "-q",
        ]);

        error.Should().BeNull();
        options!.OutputFolder.Should().Be("elsewhere");
        options.Samples.Should().Be(300);
        options.FewSamples.Should().Be(40);
        options.Epochs.Should().Be(7);
        options.Seed.Should().Be(-3);
        options.HiddenWidth.Should().Be(16);
        options.Activation.Should().Be(Activation.Tanh);
        options.LearningRate.Should().Be(1e-3);
        options.Delta.Should().Be(0.05);
        options.Experiments.Should().Equal(ExperimentKind.SampleFiniteDifference, ExperimentKind.FewSamples);
        options.Quiet.Should().BeTrue();
    }

    private static void AssertNonTrivialPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes.Take(8).Should().Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "{0} is a PNG", path);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)).Should().Be(Figures.Width, path);
        BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)).Should().Be(Figures.Height, path);

        using var bitmap = SKBitmap.Decode(bytes);
        bitmap.Should().NotBeNull(path);
        var colours = new HashSet<SKColor>();
        var coloured = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                colours.Add(pixel);

                // Axes, grid and text are grey or black; only plotted data is drawn in colour.
                var spread = Math.Max(pixel.Red, Math.Max(pixel.Green, pixel.Blue)) - Math.Min(pixel.Red, Math.Min(pixel.Green, pixel.Blue));
                if (spread > 50)
                {
                    coloured++;
                }
            }
        }

        colours.Count.Should().BeGreaterThan(20, "{0} holds more than a blank canvas", path);
        // A plot with axes, title and a legend but no data has about 20 such pixels; every figure here has over 1,000.
        coloured.Should().BeGreaterThan(300, "{0} has data drawn on it, not only axes and a legend", path);
    }
}
