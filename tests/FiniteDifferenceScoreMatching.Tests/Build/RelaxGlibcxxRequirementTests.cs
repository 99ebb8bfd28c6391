using System.Collections;
using FiniteDifferenceScoreMatching.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FiniteDifferenceScoreMatching.Tests.Build;

public sealed class RelaxGlibcxxRequirementTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-task-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Execute_HostWithoutTheVersion_RelaxesEachShimOnceAndLogsIt()
    {
        var host = HostLackingTheVersion();
        if (host is null)
        {
            // The host's libstdc++ provides the version (or there is none): the task has nothing to do here.
            return;
        }

        var shims = new[] { CopyOfPristineShim("a.so"), CopyOfPristineShim("b.so") };
        var engine = new RecordingBuildEngine();
        var task = new RelaxGlibcxxRequirement { BuildEngine = engine, HostLibrary = host, Files = [.. shims.Select(s => new TaskItem(s))] };

        task.Execute().Should().BeTrue();

        task.Relaxed.Select(item => item.ItemSpec).Should().Equal(shims);
        engine.Messages.Where(m => m.Importance == MessageImportance.High).Should().HaveCount(2)
            .And.OnlyContain(m => m.Message!.Contains(RelaxGlibcxxRequirement.Version, StringComparison.Ordinal));
        engine.Errors.Should().BeEmpty();
        foreach (var shim in shims)
        {
            ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(shim)).Single(n => n.Version == RelaxGlibcxxRequirement.Version).IsWeak.Should().BeTrue();
        }
    }

    [Fact]
    public void Execute_ShimRelaxedAlready_WritesNothingAndReportsNothing()
    {
        var host = HostLackingTheVersion();
        if (host is null)
        {
            return;
        }

        var shim = CopyOfPristineShim("c.so");
        RelaxGlibcxxRequirement.RelaxFile(shim).Should().BeTrue();
        var before = File.ReadAllBytes(shim);
        var engine = new RecordingBuildEngine();
        var task = new RelaxGlibcxxRequirement { BuildEngine = engine, HostLibrary = host, Files = [new TaskItem(shim)] };

        task.Execute().Should().BeTrue();

        task.Relaxed.Should().BeEmpty();
        engine.Messages.Should().NotContain(m => m.Importance == MessageImportance.High);
        File.ReadAllBytes(shim).Should().Equal(before);
    }

    [Fact]
    public void Execute_HostProvidingTheVersion_LeavesTheShimAsItIs()
    {
        var host = HostLackingTheVersion();
        if (host is null)
        {
            return;
        }

        // The host's libstdc++ with its newest version renamed, in place and at the same length, to the one the
        // shim asks for: a library that provides GLIBCXX_3.4.32 as far as the task can tell.
        var definitions = ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(host));
        var newest = definitions.Where(d => d.StartsWith("GLIBCXX_3.4.", StringComparison.Ordinal) && d.Length == RelaxGlibcxxRequirement.Version.Length).Max(StringComparer.Ordinal)!;
        var newer = Path.Combine(_folder, "libstdc++.so.6");
        File.WriteAllBytes(newer, Replace(File.ReadAllBytes(host), newest, RelaxGlibcxxRequirement.Version));
        ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(newer)).Should().Contain(RelaxGlibcxxRequirement.Version);
        var shim = CopyOfPristineShim("d.so");
        var before = File.ReadAllBytes(shim);
        var task = new RelaxGlibcxxRequirement { BuildEngine = new RecordingBuildEngine(), HostLibrary = newer, Files = [new TaskItem(shim)] };

        task.Execute().Should().BeTrue();

        task.Relaxed.Should().BeEmpty();
        File.ReadAllBytes(shim).Should().Equal(before);
    }

    [Fact]
    public void Execute_UnreadableHostLibrary_WarnsOnceAndLeavesTheShimAsItIs()
    {
        var shim = CopyOfPristineShim("e.so");
        var before = File.ReadAllBytes(shim);
        var notElf = Path.Combine(_folder, "not-elf.so");
        File.WriteAllBytes(notElf, new byte[128]);
        var engine = new RecordingBuildEngine();
        var task = new RelaxGlibcxxRequirement { BuildEngine = engine, HostLibrary = notElf, Files = [new TaskItem(shim)] };

        task.Execute().Should().BeTrue("a library the task cannot read must not fail the application's build");

        engine.Warnings.Should().ContainSingle().Which.Code.Should().Be(RelaxGlibcxxRequirement.WarningCode);
        engine.Warnings[0].Message.Should().Contain(notElf);
        task.Relaxed.Should().BeEmpty();
        File.ReadAllBytes(shim).Should().Equal(before);
    }

    [Fact]
    public void Execute_ShimThatIsNotElf_WarnsAndRelaxesTheOthers()
    {
        var host = HostLackingTheVersion();
        if (host is null)
        {
            return;
        }

        var broken = Path.Combine(_folder, "broken.so");
        File.WriteAllBytes(broken, new byte[64]);
        var shim = CopyOfPristineShim("f.so");
        var engine = new RecordingBuildEngine();
        var task = new RelaxGlibcxxRequirement { BuildEngine = engine, HostLibrary = host, Files = [new TaskItem(broken), new TaskItem(shim)] };

        task.Execute().Should().BeTrue();

        engine.Warnings.Should().ContainSingle().Which.Message.Should().Contain(broken);
        task.Relaxed.Select(item => item.ItemSpec).Should().Equal(shim);
    }

    private static byte[] Replace(byte[] image, string from, string to)
    {
        var pattern = System.Text.Encoding.ASCII.GetBytes(from + "\0");
        var replacement = System.Text.Encoding.ASCII.GetBytes(to + "\0");
        var copy = (byte[])image.Clone();
        for (var at = copy.AsSpan().IndexOf(pattern); at >= 0;)
        {
            replacement.CopyTo(copy, at);
            var next = copy.AsSpan(at + 1).IndexOf(pattern);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return copy;
    }

    private string CopyOfPristineShim(string name)
    {
        var path = Path.Combine(_folder, name);
        File.Copy(ElfVersionNeedsTests.PristineShimPath(), path);
        return path;
    }

    private static string? HostLackingTheVersion()
    {
        var host = RelaxGlibcxxRequirement.FindHostLibrary();
        return host is not null && !ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(host)).Contains(RelaxGlibcxxRequirement.Version) ? host : null;
    }

    private sealed class RecordingBuildEngine : IBuildEngine
    {
        public List<BuildMessageEventArgs> Messages { get; } = [];

        public List<BuildErrorEventArgs> Errors { get; } = [];

        public List<BuildWarningEventArgs> Warnings { get; } = [];

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.proj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    }
}
