/// The HTML page around a report's data: inline style, the data as JSON, then the script that
/// draws it. Nothing is loaded from elsewhere.
enum ReportPage {
    /// Records script errors on the root element (`data-errors`) before anything else runs, so
    /// a test can read them from the DOM.
    static let errorCatcher = """
    window.reportErrors = [];
    window.addEventListener("error", function (e) {
      window.reportErrors.push(String(e.message));
      document.documentElement.setAttribute("data-errors", window.reportErrors.join(" | "));
    });
    """

    /// The whole page. `dataJSON` must not contain `</` (see `HTMLReport.json`).
    static func html(title: String, dataJSON: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Trackline \(HTMLReport.version)">
        <title>\(escape(title))</title>
        <script>\(errorCatcher)</script>
        <style>
        \(style)</style>
        </head>
        <body>
        <main id="report"></main>
        <script type="application/json" id="report-data">\(dataJSON)</script>
        <script>
        \(script)</script>
        </body>
        </html>

        """
    }

    /// Text for HTML content.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
