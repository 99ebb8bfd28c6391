using System.Text.RegularExpressions;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>The API reference site (docs/docfx.json) shows every article of docs/ in its navigation.</summary>
public sealed partial class DocumentationSiteTests
{
    [Fact]
    public void Toc_ListsEveryArticle_AndTheIndexListsThemToo()
    {
        var docs = Path.Combine(DocumentedExample.RepositoryRoot, "docs");
        var articles = Directory.GetFiles(docs, "*.md").Select(Path.GetFileName).Where(f => f is not ("README.md" or "index.md")).ToList();
        var toc = Links().Matches(File.ReadAllText(Path.Combine(docs, "toc.yml"))).Select(m => m.Groups[1].Value).ToList();
        var index = MarkdownLinks().Matches(File.ReadAllText(Path.Combine(docs, "README.md"))).Select(m => m.Groups[1].Value).ToList();

        articles.Should().NotBeEmpty();
        toc.Should().Contain(articles, "docs/toc.yml is the site's navigation");
        index.Should().Contain(articles, "docs/README.md lists the articles");
        toc.Should().Contain("api/");
    }

    [GeneratedRegex(@"href:\s*(\S+)")]
    private static partial Regex Links();

    [GeneratedRegex(@"^- \[[^\]]+\]\(([^)#]+)\)", RegexOptions.Multiline)]
    private static partial Regex MarkdownLinks();
}
