using System.Globalization;
using GaussianMixture2D;
using SkiaSharp;

namespace FiniteDifferenceScoreMatching.Tests.Samples;

public sealed class GaussianMixture2DTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-sample-2d-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_Quick_WritesEveryFigureTheAnimationsAndTheTable()
    {
        var output = Path.Combine(_folder, "out");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = App.Run(["--quick", "--output", output, "--quiet"], stdout, stderr);

        code.Should().Be(App.Success, stderr.ToString());
        var pngs = Directory.GetFiles(output, "*.png");
        // The samples, the true score, the true density and the kernel estimate; a score field, two recovered densities,
        // the chains and the loss per experiment; one per gallery set.
        pngs.Select(Path.GetFileName).Should().Contain(["samples.png", "score-true.png", "density-true.png", "density-kde.png", "3-noise-conditional-score.png", "1-coordinate-density.png", "2-sliced-density-guided.png", "gallery-two-spirals.png"]);
        pngs.Should().HaveCount(4 + (3 * 5) + 4);
        pngs.Should().AllSatisfy(AssertNonTrivialPng);

        var gifs = Directory.GetFiles(output, "*.gif");
        gifs.Select(Path.GetFileName).Should().BeEquivalentTo("1-coordinate-chains.gif", "2-sliced-chains.gif", "3-noise-conditional-chains.gif");
        gifs.Should().AllSatisfy(AssertAnimatedGif);
        Directory.GetDirectories(output).Should().BeEmpty("the staging folder is removed");

        var rows = File.ReadAllLines(Path.Combine(output, "summary.csv")).Skip(1).ToList();
        rows.Select(r => r.Split(',')[0]).Should().Equal("1-coordinate", "2-sliced", "3-noise-conditional", "exact-langevin", "exact-annealed", "kde", "truth");
        foreach (var row in rows.Take(3))
        {
            // Every column after the title: epochs, loss, Fisher divergence, density L1 and residual alone and guided,
            // distances, fractions, lost chains, times.
            var numbers = row.Split(',')[2..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            numbers.Should().HaveCount(16).And.OnlyContain(v => double.IsFinite(v), row);
            numbers[3].Should().BeInRange(0, 2, "an L1 distance between two densities is at most 2: {0}", row);
            numbers[5].Should().BeInRange(0, 2, "an L1 distance between two densities is at most 2: {0}", row);
        }

        foreach (var row in rows.Skip(3))
        {
            var cells = row.Split(',')[2..];
            cells.Where(c => c.Length > 0).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Should().OnlyContain(v => double.IsFinite(v), row);
            (cells[3] + cells[7]).Should().NotBeEmpty("every reference row has a density L1 or a squared MMD: {0}", row);
        }

        var markdown = File.ReadAllText(Path.Combine(output, "summary.md"));
        markdown.Should().Contain("| (3) Noise-conditional denoising |").And.Contain("| Kernel density estimate (Scott) |").And.Contain("## Gallery").And.Contain("| Two spirals |");
        markdown.Should().NotContain("NaN");
        File.ReadAllLines(Path.Combine(output, "gallery.csv")).Should().HaveCount(1 + 4);
        File.ReadAllLines(Path.Combine(output, "losses.csv")).Should().HaveCount(1 + 20, "a header, then one row per epoch of --quick's 20");
        stdout.ToString().Should().Contain($"wrote {pngs.Length + gifs.Length + 4} files");
    }

    [Fact]
    public void Run_OneExperimentNoGallery_WritesOnlyItsFiles()
    {
        var output = Path.Combine(_folder, "out");

        var code = App.Run(["--quick", "--output", output, "--quiet", "--experiments", "sliced", "--no-gallery"], TextWriter.Null, TextWriter.Null);

        code.Should().Be(App.Success);
        Directory.GetFiles(output).Select(Path.GetFileName).Should().BeEquivalentTo(
            "samples.png", "score-true.png", "density-true.png", "density-kde.png",
            "2-sliced-score.png", "2-sliced-density.png", "2-sliced-density-guided.png", "2-sliced-samples.png", "2-sliced-loss.png", "2-sliced-chains.gif",
            "summary.md", "summary.csv", "losses.csv");
    }

    [Fact]
    public void Run_Help_PrintsTheGeneratedUsageAndSucceeds()
    {
        using var stdout = new StringWriter();

        var code = App.Run(["--help"], stdout, TextWriter.Null);

        code.Should().Be(App.Success);
        stdout.ToString().Should().Contain("GaussianMixture2D [options]").And.Contain("--noise-epochs <n>").And.Contain("[default: 2000]").And.Contain("--quick");
    }

    [Theory]
    [InlineData(new[] { "--epochs", "0" }, "--epochs must be a positive whole number, not '0'")]
    [InlineData(new[] { "--epochs", "2147483647" }, "--epochs must be at most 1,000,000, not 2,147,483,647")]
    [InlineData(new[] { "--samples", "-5" }, "--samples must be a positive whole number, not '-5'")]
    [InlineData(new[] { "--chains", "1" }, "--chains must be at least 2, not 1")]
    [InlineData(new[] { "--seed", "1.5" }, "--seed must be a whole number, not '1.5'")]
    [InlineData(new[] { "--learning-rate", "NaN" }, "--learning-rate must be a finite positive number, not 'NaN'")]
    [InlineData(new[] { "--langevin-step-size", "-0.1" }, "--langevin-step-size must be a finite positive number, not '-0.1'")]
    [InlineData(new[] { "--experiments", "sliced,exact" }, "--experiments takes coordinate, sliced or noise (or 1 to 3) separated by commas, not 'sliced,exact'")]
    [InlineData(new[] { "--hidden" }, "option --hidden needs a value")]
    [InlineData(new[] { "--colour", "red" }, "unknown option '--colour'")]
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

    [Fact]
    public void Run_OptionInPlaceOfTheOutputFolder_ExitsWithTwo()
    {
        using var stderr = new StringWriter();

        var code = App.Run(["--output", "--quick"], TextWriter.Null, stderr);

        code.Should().Be(App.UsageError);
        stderr.ToString().TrimEnd().Should().Be("error: --output needs a folder name, not '--quick' (see --help)");
    }

    [Theory]
    [InlineData(new[] { "--experiments", "coordinate", "--learning-rate", "1e300" }, "learning rate is beyond the largest Float32")]
    [InlineData(new[] { "--experiments", "noise", "--noise-learning-rate", "1e39" }, "learning rate is beyond the largest Float32")]
    public void Run_ValueTheLibraryRejects_ExitsWithTwoAndOneLineError(string[] args, string fragment)
    {
        var output = Path.Combine(_folder, "rejected");
        using var stderr = new StringWriter();

        var code = App.Run(["--output", output, "--quiet", "--quick", "--no-gallery", .. args], TextWriter.Null, stderr);

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

        var code = App.Run(["--output", file, "--quick"], TextWriter.Null, stderr);

        code.Should().Be(App.UsageError);
        stderr.ToString().Should().StartWith("error: cannot write to the output folder").And.Contain("a file of that name exists");
        stderr.ToString().Trim().Split('\n').Should().ContainSingle();
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public void Parse_NoArguments_GivesTheDocumentedStudy()
    {
        var (options, error) = CommandLine.Parse([]);

        error.Should().BeNull();
        options!.Samples.Should().Be(1024);
        options.Epochs.Should().Be(2000);
        options.NoiseEpochs.Should().Be(3000);
        options.Chains.Should().Be(1024);
        options.LangevinSteps.Should().Be(128);
        options.LangevinStepSize.Should().Be(0.078);
        options.StepsPerLevel.Should().Be(100);
        options.Experiments.Should().Equal(ExperimentKind.Coordinate, ExperimentKind.Sliced, ExperimentKind.NoiseConditional);
        options.Gallery.Should().BeTrue();
        options.OutputFolder.Should().Be("output");
    }

    [Fact]
    public void Parse_QuickWithAnOptionGiven_TheOptionWins()
    {
        var (options, error) = CommandLine.Parse(["--quick", "--epochs", "50", "--experiments", "3,1,3"]);

        error.Should().BeNull();
        options!.Epochs.Should().Be(50);
        options.NoiseEpochs.Should().Be(20);
        options.StepsPerLevel.Should().Be(4);
        options.Experiments.Should().Equal(ExperimentKind.Coordinate, ExperimentKind.NoiseConditional);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(97, 61)]
    [InlineData(300, 200)]
    public void GifEncoder_Frames_DecodeToTheirPaletteColours(int width, int height)
    {
        // Random indices fill the LZW table and force clear codes; long runs of one index make long codes.
        var random = new Random(width);
        var noise = Enumerable.Range(0, width * height).Select(_ => (byte)random.Next(GifEncoder.PaletteSize)).ToArray();
        var stripes = Enumerable.Range(0, width * height).Select(i => (byte)((i / 1000 * 37) % GifEncoder.PaletteSize)).ToArray();
        var few = Enumerable.Range(0, width * height).Select(_ => (byte)random.Next(3)).ToArray();
        byte[][] frames = [noise, stripes, few];
        using var stream = new MemoryStream();
        using (var gif = new GifEncoder(stream, width, height))
        {
            foreach (var frame in frames)
            {
                gif.AddFrame(frame, 10);
            }
        }

        var bytes = stream.ToArray();
        bytes.Take(6).Should().Equal("GIF89a"u8.ToArray());
        bytes[^1].Should().Be(0x3B, "the trailer closes the file");
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        codec.FrameCount.Should().Be(frames.Length);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var f = 0; f < frames.Length; f++)
        {
            using var bitmap = new SKBitmap(info);
            codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(f)).Should().Be(SKCodecResult.Success);
            var pixels = bitmap.Pixels;
            var wrong = Enumerable.Range(0, pixels.Length).Count(i => pixels[i] != PaletteColour(frames[f][i]));
            wrong.Should().Be(0, "every pixel of frame {0} decodes to its palette colour", f);
        }
    }

    [Fact]
    public void GifEncoder_Quantize_MapsEveryPaletteColourToItself()
    {
        for (var i = 0; i < GifEncoder.PaletteSize; i++)
        {
            var (r, g, b) = (GifEncoder.Palette[3 * i], GifEncoder.Palette[(3 * i) + 1], GifEncoder.Palette[(3 * i) + 2]);
            PaletteColour(GifEncoder.Quantize(r, g, b)).Should().Be(new SKColor(r, g, b), "index {0}", i);
        }

        PaletteColour(GifEncoder.Quantize(255, 255, 255)).Should().Be(SKColors.White);
        PaletteColour(GifEncoder.Quantize(250, 128, 10)).Should().Be(new SKColor(255, 153, 0));
    }

    private static SKColor PaletteColour(byte index) => new(GifEncoder.Palette[3 * index], GifEncoder.Palette[(3 * index) + 1], GifEncoder.Palette[(3 * index) + 2]);

    private static void AssertAnimatedGif(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes.Take(6).Should().Equal("GIF89a"u8.ToArray(), "{0} is a GIF89a", path);
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        codec.Should().NotBeNull(path);
        codec.EncodedFormat.Should().Be(SKEncodedImageFormat.Gif);
        codec.Info.Width.Should().Be(Animation.Width);
        codec.Info.Height.Should().Be(Animation.Height);
        codec.RepetitionCount.Should().Be(-1, "the animation loops for ever");

        // --quick runs 16 plain steps or 4 × 10 annealed ones: every step is recorded, with the start.
        codec.FrameCount.Should().BeGreaterThanOrEqualTo(17, path);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        foreach (var frame in new[] { 0, codec.FrameCount - 1 })
        {
            codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(frame)).Should().Be(SKCodecResult.Success, "frame {0} of {1} decodes", frame, path);
            bitmap.Pixels.Distinct().Count().Should().BeGreaterThan(5, "frame {0} of {1} has a plot on it", frame, path);
        }
    }

    private static void AssertNonTrivialPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes.Take(8).Should().Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "{0} is a PNG", path);

        using var bitmap = SKBitmap.Decode(bytes);
        bitmap.Should().NotBeNull(path);
        bitmap.Width.Should().BeGreaterThanOrEqualTo(Figures.PlanarWidth, path);
        var colours = new HashSet<SKColor>();
        var coloured = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            colours.Add(pixel);

            // Axes, grid and text are grey or black; only plotted data is drawn in colour.
            var spread = Math.Max(pixel.Red, Math.Max(pixel.Green, pixel.Blue)) - Math.Min(pixel.Red, Math.Min(pixel.Green, pixel.Blue));
            if (spread > 50)
            {
                coloured++;
            }
        }

        colours.Count.Should().BeGreaterThan(20, "{0} holds more than a blank canvas", path);
        coloured.Should().BeGreaterThan(300, "{0} has data drawn on it, not only axes and a legend", path);
    }
}
