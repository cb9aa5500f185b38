#include "signatureconfig.h"

#include "core/names.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

const NameTable<SignatureScheme> &schemes()
{
    static const NameTable<SignatureScheme> list {
        { u"none"_s, SignatureScheme::None },
        { u"standard"_s, SignatureScheme::Standard },
        { u"github"_s, SignatureScheme::Github },
        { u"stripe"_s, SignatureScheme::Stripe },
        { u"slack"_s, SignatureScheme::Slack },
        { u"hmac-sha256"_s, SignatureScheme::HmacSha256 },
        { u"bearer"_s, SignatureScheme::Bearer },
        { u"gitlab"_s, SignatureScheme::GitlabToken },
        { u"buildkite"_s, SignatureScheme::Buildkite },
    };
    return list;
}

} // namespace

std::optional<SignatureScheme> signatureSchemeFromName(QStringView name)
{
    return valueOf(schemes(), name.trimmed().toString().toLower());
}

QString signatureSchemeName(SignatureScheme scheme)
{
    return nameOf(schemes(), scheme);
}

} // namespace jobpulse
