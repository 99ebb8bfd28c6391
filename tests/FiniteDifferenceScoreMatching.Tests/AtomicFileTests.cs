namespace FiniteDifferenceScoreMatching.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_FailingHalfway_LeavesPreviousFileAndNoTemporary()
    {
        var path = Path.Combine(_folder, "state.bin");
        File.WriteAllText(path, "previous");

        var act = () => AtomicFile.Write(path, stream =>
        {
            stream.Write("new content, half written"u8);
            throw new IOException("disk full");
        });

        act.Should().Throw<IOException>().WithMessage("disk full");
        File.ReadAllText(path).Should().Be("previous");
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void Write_Succeeding_ReplacesTheFile()
    {
        var path = Path.Combine(_folder, "state.bin");
        File.WriteAllText(path, "previous");

        AtomicFile.Write(path, stream => stream.Write("next"u8));

        File.ReadAllText(path).Should().Be("next");
        Directory.GetFiles(_folder).Should().Equal(path);
    }
}
