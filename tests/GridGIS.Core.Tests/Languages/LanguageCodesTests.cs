using GridGIS.Core.Languages;

namespace GridGIS.Core.Tests.Languages;

public sealed class LanguageCodesTests
{
    [Fact]
    public void Normalize_TrimsLowercasesAndDropsDuplicates() =>
        Assert.Equal(["zh", "ko"], LanguageCodes.Normalize([" ZH", "ko", "zh"]).Codes!);

    [Theory]
    [InlineData("kor")]
    [InlineData("xx")]
    [InlineData("")]
    [InlineData(null)]
    public void Normalize_NotAnIso6391Code_IsRefused(string? code)
    {
        var (codes, error) = LanguageCodes.Normalize(["zh", code]);
        Assert.Null(codes);
        Assert.Contains("ISO 639-1", error);
    }

    [Fact]
    public void Normalize_NoCode_IsRefused() => Assert.Null(LanguageCodes.Normalize([]).Codes);

    [Fact]
    public void OsmLanguageTags_YesAndMainAdd_NoRemoves_ChineseByDefault()
    {
        var tags = new Dictionary<string, string>
        {
            ["amenity"] = "clinic", ["language:ko"] = "yes", ["language:en"] = "main", ["language:ja"] = "no", ["language:zh-Hans"] = "yes",
            ["language:fr"] = "some",
        };
        Assert.Equal(["zh", "en", "ko"], OsmLanguageTags.Languages(tags));
    }

    [Fact]
    public void OsmLanguageTags_ChineseRefused_IsLeftOut() =>
        Assert.Equal(["en"], OsmLanguageTags.Languages(new Dictionary<string, string> { ["language:zh"] = "no", ["language:en"] = "yes" }));
}
