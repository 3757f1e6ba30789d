import type { TemplateProps } from "./components/layout";
import { SignUpAttempt, signUpAttemptSubject, type SignUpAttemptData } from "./account-parts";

const Template = Object.assign(SignUpAttempt, {
  PreviewProps: {
    language: "de",
    intlLocale: "de-DE",
    data: { customerName: "Anna", signInUrl: "https://shop.example.com/de-de/account/sign-in", resetUrl: "https://shop.example.com/de-de/account/forgot-password" },
  } satisfies TemplateProps<SignUpAttemptData>,
});

export const subject = signUpAttemptSubject;
export default Template;
