using GridGIS.Core.Text;

namespace GridGIS.Core.Tests.Text;

public sealed class UnsafeTextTests
{
    [Theory]
    [InlineData("a\u0000b", 1)]
    [InlineData("ab\u0007", 2)]
    [InlineData("a\u007f", 1)]
    [InlineData("a\u0085", 1)]          // NEL, a C1 control
    [InlineData("\u202eevil", 0)]       // right-to-left override
    [InlineData("x\u202a", 1)]
    [InlineData("x\u2066y", 1)]         // left-to-right isolate
    [InlineData("x\u2069", 1)]
    [InlineData("a\tb", 1)]
    [InlineData("a\nb", 1)]
    public void Find_ReturnsTheFirstForbiddenIndex(string text, int index) => Assert.Equal(index, UnsafeText.Find(text));

    [Fact]
    public void Find_RefusesUnpairedSurrogates()
    {
        // Not theory data: xunit replaces lone surrogates in test case names and arguments.
        Assert.Equal(1, UnsafeText.Find("a\ud800b"));
        Assert.Equal(1, UnsafeText.Find("a\udc00"));
        Assert.Equal(2, UnsafeText.Find("\ud83d\ude00\ud83d"));
    }

    [Theory]
    [InlineData("王芳")]
    [InlineData("Wangjing Street 望京街道 12-3")]
    [InlineData("😀 emoji (a surrogate pair)")]
    [InlineData("مرحبا")]               // right-to-left text itself is fine; only the override characters are not
    [InlineData("\u200f")]              // a right-to-left mark is not an override
    [InlineData("")]
    public void Find_AcceptsOrdinaryText(string text) => Assert.Equal(-1, UnsafeText.Find(text));

    [Theory]
    [InlineData("line one\r\nline two\tend", -1)]
    [InlineData("line\u0000", 4)]
    [InlineData("line\u202e", 4)]
    public void Find_AllowsTabAndLineBreaks_OnlyInMultiLineText(string text, int index) => Assert.Equal(index, UnsafeText.Find(text, multiLine: true));

    [Fact]
    public void Problem_NamesTheFieldCharacterAndPosition_ButNeverTheText()
    {
        var message = UnsafeText.Problem("password", "secret\u0000value");
        Assert.NotNull(message);
        Assert.StartsWith("password contains NUL (U+0000) at position 7", message);
        Assert.DoesNotContain("secret", message);
        Assert.Contains("bidirectional control (U+202E)", UnsafeText.Problem("name", "\u202e"));
        Assert.Null(UnsafeText.Problem("name", "fine"));
        Assert.Null(UnsafeText.Problem("name", null));
    }
}
