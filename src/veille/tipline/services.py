"""The tipline's background services in `veille serve`: the conversation (answers and queues
what the intake stored) and the outbox (sends the replies). Both work from the database, so a
restart resumes where the last run stopped."""

from veille.serve.services import Service
from veille.tipline.settings import TiplineSettings


class ConversationService(Service):
    name = "tipline-conversation"
    period = 0.5
    nice = 10  # embedding questions yields to acknowledging webhooks (every message is stored first)

    def __init__(self, veille, settings: TiplineSettings):
        super().__init__()
        self.conversation = veille.tipline_conversation(settings)

    def step(self) -> None:
        self.conversation.step()


class OutboxService(Service):
    name = "tipline-outbox"
    period = 0.25

    def __init__(self, veille, settings: TiplineSettings):
        super().__init__()
        self.outbox = veille.tipline_outbox(settings)

    def step(self) -> None:
        while self.outbox.deliver_due() and not self.stopping:
            pass  # a full batch was sent: more may be due

    def stop(self, timeout: float = 10.0) -> None:
        super().stop(timeout)
        self.outbox.close()


def conversation_service(veille, serve_settings) -> Service:
    return ConversationService(veille, TiplineSettings.from_env())


def outbox_service(veille, serve_settings) -> Service:
    return OutboxService(veille, TiplineSettings.from_env())
