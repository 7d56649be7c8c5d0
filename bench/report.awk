# report.awk -- a long inspection report for groff -ms, read by the extract
# benchmark (bench/run.sh). Usage: awk -v pages=200 -f report.awk >report.ms
# Every page: a heading, four paragraphs of ninety words drawn from a fixed
# vocabulary by a fixed generator (the same text from every awk), a labelled
# recommendation, and on even pages a labelled area for improvement; a
# running header, and a footer with the page number.
BEGIN {
    nw = split("the force should make sure that its officers and staff have the " \
               "training and supervision they need to investigate crime record " \
               "demand safeguard vulnerable people and work with partner agencies " \
               "across neighbourhoods communities and the wider criminal justice system", w, " ")
    seed = 12345
    print ".ds LH Anyshire Police: an inspection of everything"
    print ".ds CH"
    print ".ds RH OFFICIAL"
    print ".ds LF HMICFRS 2024"
    print ".ds RF Page %"
    print ".TL"
    print "An inspection of everything in Anyshire Police"
    for (p = 1; p <= pages; p++) {
        if (p > 1)
            print ".bp"
        print ".SH"
        print "Chapter " p
        for (k = 1; k <= 4; k++) {
            print ".PP"
            line = ""
            for (i = 0; i < 90; i++) {
                seed = (seed * 1103515245 + 12345) % 2147483648
                line = line (i ? " " : "") w[1 + int(seed / 65536) % nw]
            }
            print line "."
        }
        print ".PP"
        print "Recommendation " p ": By 31 March 2025, chief constables should make sure that " \
              "their forces record and review the internationally significant requests for " \
              "information of chapter " p ", and that supervisors understand their " \
              "accountability for the outcomes."
        if (p % 2 == 0) {
            print ".PP"
            print "Area for improvement " p / 2 ": The force should improve how it understands " \
                  "the demand described in chapter " p " across its neighbourhoods."
        }
    }
}
