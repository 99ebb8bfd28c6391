using System.Reflection;
using FiniteDifferenceScoreMatching.Build;

namespace FiniteDifferenceScoreMatching.Tests.Build;

public sealed class ElfVersionNeedsTests : IDisposable
{
    private const string Version = RelaxGlibcxxRequirement.Version;
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-elf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadNeeds_PackageShim_AsksForGlibcxx3432WithoutWeakFlag()
    {
        var needs = ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(PristineShimPath()));

        var entry = needs.Should().ContainSingle(n => n.Version == Version).Subject;
        entry.File.Should().Be("libstdc++.so.6");
        entry.IsWeak.Should().BeFalse();
        needs.Should().Contain(n => n.Version == "GLIBC_2.2.5", "the shim has many other requirements, which a parser that reads only one entry would miss");
    }

    [Fact]
    public void MarkWeak_CopyOfPackageShim_SetsFlagOnThatEntryOnlyAndChangesNothingElse()
    {
        var original = File.ReadAllBytes(PristineShimPath());
        var image = (byte[])original.Clone();

        ElfVersionNeeds.MarkWeak(image, Version).Should().Be(WeakMarkOutcome.Marked);

        var before = ElfVersionNeeds.ReadNeeds(original);
        var after = ElfVersionNeeds.ReadNeeds(image);
        after.Should().HaveSameCount(before);
        for (var i = 0; i < before.Count; i++)
        {
            after[i].Version.Should().Be(before[i].Version);
            var expectedFlags = before[i].Version == Version ? (ushort)(before[i].Flags | ElfVersionNeeds.WeakFlag) : before[i].Flags;
            after[i].Flags.Should().Be(expectedFlags, "only the {0} entry may change, not {1}", Version, before[i].Version);
        }

        var flagsOffset = before.Single(n => n.Version == Version).FlagsOffset;
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != image[i]).ToList();
        changed.Should().Equal([(int)flagsOffset], "the edit is the low byte of that entry's flags field and nothing else");
        image.Length.Should().Be(original.Length);
    }

    [Fact]
    public void MarkWeak_SecondRun_ChangesNothing()
    {
        var image = File.ReadAllBytes(PristineShimPath());
        ElfVersionNeeds.MarkWeak(image, Version);
        var once = (byte[])image.Clone();

        ElfVersionNeeds.MarkWeak(image, Version).Should().Be(WeakMarkOutcome.AlreadyWeak);

        image.Should().Equal(once);
    }

    [Fact]
    public void MarkWeak_VersionNotRequired_ChangesNothing()
    {
        var original = File.ReadAllBytes(PristineShimPath());
        var image = (byte[])original.Clone();

        ElfVersionNeeds.MarkWeak(image, "GLIBCXX_9.9.99").Should().Be(WeakMarkOutcome.NotRequired);

        image.Should().Equal(original);
    }

    [Fact]
    public void RelaxFile_CopyOfPackageShim_RewritesOnceKeepingTimeStamp()
    {
        var path = Path.Combine(_folder, "libLibTorchSharp.so");
        File.Copy(PristineShimPath(), path);
        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        RelaxGlibcxxRequirement.RelaxFile(path).Should().BeTrue();
        var once = File.ReadAllBytes(path);
        RelaxGlibcxxRequirement.RelaxFile(path).Should().BeFalse("the second run finds the entry weak already");

        File.ReadAllBytes(path).Should().Equal(once);
        ElfVersionNeeds.ReadNeeds(once).Single(n => n.Version == Version).IsWeak.Should().BeTrue();
        File.GetLastWriteTimeUtc(path).Should().Be(stamp);
        Directory.GetFiles(_folder).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void RelaxFile_HardLinkedCopy_LeavesLinkedOriginalUntouched()
    {
        var source = Path.Combine(_folder, "cache.so");
        var output = Path.Combine(_folder, "output.so");
        File.Copy(PristineShimPath(), source);
        HardLink(source, output);
        var original = File.ReadAllBytes(source);

        RelaxGlibcxxRequirement.RelaxFile(output).Should().BeTrue();

        File.ReadAllBytes(source).Should().Equal(original, "a build must never write through into the package cache");
    }

    [Fact]
    public void ReadNeeds_NotAnElfFile_ThrowsInvalidData()
    {
        var act = () => ElfVersionNeeds.ReadNeeds(new byte[128]);

        act.Should().Throw<InvalidDataException>().WithMessage("*not an ELF image*");
    }

    [Fact]
    public void ReadNeeds_TruncatedShim_ThrowsInvalidData()
    {
        var image = File.ReadAllBytes(PristineShimPath()).AsSpan(0, 4096).ToArray();

        var act = () => ElfVersionNeeds.ReadNeeds(image);

        act.Should().Throw<InvalidDataException>().WithMessage("*truncated*");
    }

    [Fact]
    public void ReadDefinitions_HostLibstdcxx_ListsItsGlibcxxVersions()
    {
        var host = RelaxGlibcxxRequirement.FindHostLibrary();
        if (host is null)
        {
            // Not a Linux host with libstdc++: nothing to inspect.
            return;
        }

        var definitions = ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(host));

        definitions.Should().Contain("GLIBCXX_3.4").And.Contain("CXXABI_1.3");
    }

    [Fact]
    public void OutputShim_OnThisHost_IsWeakExactlyWhenHostLacksTheVersion()
    {
        var host = RelaxGlibcxxRequirement.FindHostLibrary();
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (host is null || !File.Exists(output))
        {
            return;
        }

        var hostHasVersion = ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(host)).Contains(Version);
        var entry = ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(output)).Single(n => n.Version == Version);

        entry.IsWeak.Should().Be(!hostHasVersion);
    }

    internal static string PristineShimPath()
    {
        var folder = typeof(ElfVersionNeedsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TorchSharpPackageFolder").Value!;
        var path = Path.Combine(folder, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(path).Should().BeTrue("the restored TorchSharp package holds the shim at {0}", path);
        return path;
    }

    private static void HardLink(string existing, string link)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [existing, link]);
        ln.WaitForExit();
        ln.ExitCode.Should().Be(0, "the test needs a hard link in its temporary folder");
    }
}
