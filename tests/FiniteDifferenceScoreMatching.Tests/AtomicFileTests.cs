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

    [Fact]
    public void Write_RemovesTheTemporaryFilesOfKilledWriters_AndKeepsThoseOfLiveOnes()
    {
        var path = Path.Combine(_folder, "run.ckpt");
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "60"))!;
        var dead = Path.Combine(_folder, AtomicFile.TemporaryName("run.ckpt", ExitedProcessId(), Guid.NewGuid()));
        var neverRan = Path.Combine(_folder, AtomicFile.TemporaryName("run.ckpt", int.MaxValue, Guid.NewGuid()));
        var live = Path.Combine(_folder, AtomicFile.TemporaryName("run.ckpt", child.Id, Guid.NewGuid()));
        var own = Path.Combine(_folder, AtomicFile.TemporaryName("run.ckpt", Environment.ProcessId, Guid.NewGuid()));
        var otherTarget = Path.Combine(_folder, AtomicFile.TemporaryName("other.ckpt", int.MaxValue, Guid.NewGuid()));
        foreach (var file in new[] { dead, neverRan, live, own, otherTarget })
        {
            File.WriteAllText(file, "half written");
        }

        try
        {
            AtomicFile.Write(path, stream => stream.Write("complete"u8));

            File.ReadAllText(path).Should().Be("complete");
            Directory.GetFiles(_folder).Should().BeEquivalentTo([path, live, own, otherTarget]);
        }
        finally
        {
            child.Kill();
        }
    }

    private static int ExitedProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true"))!;
        process.WaitForExit();
        return process.Id;
    }
}
